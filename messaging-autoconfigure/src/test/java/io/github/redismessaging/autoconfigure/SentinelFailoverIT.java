package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.test.RedisSentinel;
import io.github.redismessaging.test.RedisServer;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream listener and a queue listener on a real Sentinel setup (a master, two replicas, three sentinels) under a
 * steady load, and a subscriber, while the master is killed, failed over gracefully, or paused past the failover
 * and resumed: consumption resumes on the new master, every entry and item that Redis acknowledged and kept is
 * processed, and pub/sub delivers again within 5 s of the promotion. After the pause, nothing first delivered
 * after it is delivered twice: no ack or finish went to the stale master once it was replaced, and no live
 * consumer's work was taken back as if it had died.
 */
class SentinelFailoverIT {

	private static final Duration RESUMED_WITHIN = Duration.ofSeconds(10);

	private final RedisSentinel sentinel = SharedRedis.sentinel();

	@AfterEach
	void restoreTopology() {
		this.sentinel.restore();
	}

	@Test
	void killedMasterConsumptionResumesAndWhatRedisKeptIsProcessed() throws Exception {
		runThrough((sentinel) -> sentinel.awaitMasterOtherThan(sentinel.killMaster(), Duration.ofSeconds(20)), true,
				(processed) -> {
				});
	}

	@Test
	void gracefulFailoverDoesNotStallConsumption() throws Exception {
		// The old master accepts writes until it is told that it was demoted, and those are gone: not bounded here.
		runThrough(RedisSentinel::failover, false, (processed) -> {
		});
	}

	/**
	 * The master is paused (SIGSTOP) until a replica is promoted and 3 s more, then resumed: it believes it is the
	 * master until Sentinel demotes it, seconds later, and accepts whatever is sent to it meanwhile. Only what was in
	 * flight at the pause (delivered before it) may be delivered again.
	 */
	@Test
	void pausedMasterIsLeftOnceReplacedAndNothingDeliveredAfterThePauseIsRepeated() throws Exception {
		AtomicLong pausedAt = new AtomicLong();
		runThrough((sentinel) -> {
			RedisServer old = sentinel.master();
			pausedAt.set(System.nanoTime());
			sentinel.pause(old);
			RedisServer promoted = sentinel.awaitMasterOtherThan(old, Duration.ofSeconds(20));
			await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
			sentinel.resume(old);
			return promoted;
		}, false, (processed) -> {
			// Workers finish what was fetched before the pause just after it; nothing can be fetched from a new
			// master before down-after-milliseconds (1 s) has passed, so what was first processed by then was in flight.
			long inFlightUntil = pausedAt.get() + TimeUnit.SECONDS.toNanos(1);
			Map<String, Integer> repeatedAfterPause = new TreeMap<>();
			processed.payloadCounts.forEach((payload, count) -> {
				if (count.get() > 1 && processed.firstNanos.get(payload) > inFlightUntil) {
					repeatedAfterPause.put(payload, count.get());
				}
			});
			assertThat(repeatedAfterPause).as("payloads first processed after the pause and processed again")
				.isEmpty();
		});
	}

	/**
	 * Runs the listeners under load through a fault and checks that consumption resumes within 10 s of the new
	 * master and that every entry and item Redis kept is processed. With {@code fewLost}, also that Redis lost few
	 * acknowledged writes (under a tenth): true of a killed master, whose replicas lag by little. Then runs the
	 * fault's own check on what was processed.
	 */
	private void runThrough(Fault fault, boolean fewLost, Consumer<Processed> check) throws Exception {
		String stream = "it.sentinel." + UUID.randomUUID();
		String queue = "it.sentinel.jobs." + UUID.randomUUID();
		try (MasterConnection redis = new MasterConnection(this.sentinel)) {
			MessagingContextRunners.sentinel()
				.withUserConfiguration(StreamTestListeners.Text.class, QueueTestListeners.Text.class, Subscriber.class)
				.withPropertyValues("test.stream=" + stream, "test.group=g", "test.queues=" + queue,
						"redis.messaging.listeners.text.claim-min-idle=1s",
						"redis.messaging.listeners.text.claim-interval=500ms",
						"redis.messaging.listeners.jobs.lease-timeout=3s")
				.run((context) -> {
					Processed processed = context.getBean("processed", Processed.class);
					Set<String> appended;
					Set<String> enqueued;
					try (TestProducer streamProducer = new TestProducer(
							(payload) -> redis.call((commands) -> commands.xadd(stream, Map.of("payload", "s-" + payload))));
							TestProducer queueProducer = new TestProducer(
									(payload) -> redis.call((commands) -> commands.lpush(queue, "q-" + payload)))) {
						await().atMost(Duration.ofSeconds(20)).until(() -> count(processed, "s-") >= 200
								&& count(processed, "q-") >= 200);
						RedisServer promoted = fault.apply(this.sentinel);
						assertThat(this.sentinel.master().port()).isEqualTo(promoted.port());
						assertPubSubResumes(redis, context.getBean(Subscriber.class));
						long streamBefore = count(processed, "s-");
						long queueBefore = count(processed, "q-");
						await().atMost(RESUMED_WITHIN).until(() -> count(processed, "s-") > streamBefore + 100
								&& count(processed, "q-") > queueBefore + 100);
						streamProducer.close();
						queueProducer.close();
						appended = prefixed("s-", streamProducer.acknowledged());
						enqueued = prefixed("q-", queueProducer.acknowledged());
					}
					Set<String> keptInStream = redis.call((commands) -> commands.xrange(stream, Range.create("-", "+")))
						.stream()
						.map((entry) -> entry.getBody().get("payload"))
						.collect(Collectors.toSet());
					Set<String> expected = new HashSet<>(appended);
					expected.retainAll(keptInStream);
					// Queue items leave the list when taken, so what Redis lost cannot be told from the list
					// afterwards: only the bound on what was never processed applies.
					await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
						assertThat(new HashSet<>(processed.payloads.values())).containsAll(expected);
						if (fewLost) {
							Set<String> unaccounted = new HashSet<>(enqueued);
							unaccounted.removeAll(processed.payloads.values());
							assertThat(unaccounted.size()).as("enqueued items not processed (lost by Redis)")
								.isLessThan(enqueued.size() / 10);
						}
					});
					if (fewLost) {
						assertThat(appended.size() - expected.size()).as("appends Redis lost in the failover")
							.isLessThan(appended.size() / 10);
					}
					await().atMost(Duration.ofSeconds(15)).until(() -> redis.call((commands) -> commands.xpending(stream, "g")).getCount() == 0);
					// Redis's own lag may read thousands after a failover; the gauge must not pass that on.
					MeterRegistry meters = context.getBean(MeterRegistry.class);
					await().atMost(Duration.ofSeconds(5))
						.untilAsserted(() -> assertThat(meters.get("redis.messaging.lag").gauge().value()).isZero());
					check.accept(processed);
				});
		}
	}

	/**
	 * Publishes on the new master until the subscriber receives a message, within 5 s: what is published while the
	 * subscription moves is lost by design (pub/sub is at most once), but delivery must come back by itself.
	 */
	private static void assertPubSubResumes(MasterConnection redis, Subscriber subscriber) {
		AtomicInteger attempt = new AtomicInteger();
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
			.untilAsserted(() -> {
				String message = "after-" + attempt.incrementAndGet();
				redis.call((commands) -> commands.publish(Subscriber.CHANNEL, message));
				assertThat(subscriber.received).contains(message);
			});
	}

	private static long count(Processed processed, String prefix) {
		return processed.payloads.values().stream().filter((payload) -> payload.startsWith(prefix)).count();
	}

	private static Set<String> prefixed(String prefix, Set<String> payloads) {
		return payloads.stream().map((payload) -> prefix + payload).collect(Collectors.toSet());
	}

	/**
	 * The test's own connection to the master, through the sentinels. Lettuce keeps a connection to a master that a
	 * graceful failover demoted, and every write on it answers READONLY: like the starter's shared connection, it
	 * then connects again, and Lettuce asks the sentinels for the current master. Reads check the role first, so
	 * that they never read a demoted master that is still resynchronising.
	 */
	private static final class MasterConnection implements AutoCloseable {

		private final RedisClient client;

		private volatile @Nullable StatefulRedisConnection<String, String> connection;

		MasterConnection(RedisSentinel sentinel) {
			RedisURI uri = RedisURI.create(sentinel.uri());
			uri.setTimeout(Duration.ofSeconds(2));
			this.client = RedisClient.create(uri);
		}

		<T> T call(Function<RedisCommands<String, String>, T> command) {
			StatefulRedisConnection<String, String> current = this.connection;
			if (current == null || !current.isOpen()) {
				current = this.client.connect();
				this.connection = current;
			}
			RedisCommands<String, String> commands = current.sync();
			try {
				if (!"master".equals(commands.role().get(0))) {
					throw new RedisReadOnlyException("not connected to the master");
				}
				return command.apply(commands);
			}
			catch (RedisReadOnlyException | RedisCommandTimeoutException ex) {
				// A demoted master answers READONLY, a paused one times out (and may have been replaced): the next
				// call connects again, through the sentinels.
				current.closeAsync();
				throw ex;
			}
		}

		@Override
		public void close() {
			this.client.shutdown();
		}

	}

	/** A subscriber beside the stream and queue listeners. */
	@Configuration(proxyBeanMethods = false)
	static class Subscriber {

		static final String CHANNEL = "it.sentinel.news";

		final Set<String> received = ConcurrentHashMap.newKeySet();

		@RedisSubscriber(id = "news", channels = CHANNEL)
		void on(String message) {
			this.received.add(message);
		}

	}

	/** A fault that ends with a new master. */
	@FunctionalInterface
	private interface Fault {

		RedisServer apply(RedisSentinel sentinel);

	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.MeterNotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Behaviour;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutdown, in-process retries, gauges and group housekeeping of {@code @StreamListener} containers.
 */
class StreamLifecycleIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	private static String newStream() {
		return "it.lifecycle." + UUID.randomUUID();
	}

	@Test
	void stoppingAcknowledgesWhatFinishedAndLeavesTheRestPending() {
		String stream = newStream();
		List<String> quick = IntStream.range(0, 10).mapToObj((i) -> redis.add(stream, "quick-" + i)).toList();
		List<String> stuck = IntStream.range(0, 5).mapToObj((i) -> redis.add(stream, "block-" + i)).toList();
		MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g",
					"redis.messaging.listeners.text.shutdown-timeout=300ms")
			.run((context) -> {
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(processed.deliveries.keySet()).containsAll(quick));
				await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "g") == stuck.size());
				Behaviour behaviour = context.getBean(Behaviour.class);
				context.close();
				behaviour.release.countDown();
			});
		assertThat(redis.pending(stream, "g")).isEqualTo(stuck.size());
		List<String> stillPending = redis.commands()
			.xpending(stream, "g", Range.create("-", "+"), Limit.from(100))
			.stream()
			.map((message) -> message.getId())
			.toList();
		assertThat(stillPending).containsExactlyInAnyOrderElementsOf(stuck);
	}

	@Test
	void inProcessRetriesRecoverATransientFailureWithoutRedelivery() {
		String stream = newStream();
		MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g", "redis.messaging.listeners.text.retries=3",
					"redis.messaging.listeners.text.backoff.delay=50ms")
			.run((context) -> {
				Behaviour behaviour = context.getBean(Behaviour.class);
				Processed attempts = context.getBean("attempts", Processed.class);
				String id = redis.add(stream, "poison-transient");
				await().atMost(Duration.ofSeconds(10)).until(() -> attempts.count(id) >= 2);
				behaviour.poisonFails = false;
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> processed.count(id) == 1);
				assertThat(attempts.count(id)).isBetween(2, 4);
				await().atMost(Duration.ofSeconds(5)).until(() -> redis.pending(stream, "g") == 0);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("redis.messaging.retried").counter().count()).isEqualTo(attempts.count(id) - 1);
			});
	}

	@Test
	void gaugesShowPendingLagAndDeadLetters() {
		String stream = newStream();
		redis.commands().xadd("{" + stream + "}:dlq", Map.of("payload", "earlier dead letter"));
		MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g",
					"redis.messaging.listeners.text.claim-interval=100ms",
					"redis.messaging.listeners.text.batch-size=1")
			.run((context) -> {
				redis.add(stream, "block-1");
				IntStream.range(0, 3).forEach((i) -> redis.add(stream, "waiting-" + i));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				// Two batches of one fit in memory (read ahead), the stuck entry included: 2 read, 2 not.
				await().atMost(Duration.ofSeconds(10)).ignoreException(MeterNotFoundException.class).untilAsserted(() -> {
					assertThat(meters.get("redis.messaging.pending").gauge().value()).isEqualTo(2);
					assertThat(meters.get("redis.messaging.lag").gauge().value()).isEqualTo(2);
					assertThat(meters.get("redis.messaging.dead-letter.size").gauge().value()).isEqualTo(1);
				});
				context.getBean(Behaviour.class).release.countDown();
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					assertThat(meters.get("redis.messaging.pending").gauge().value()).isZero();
					assertThat(meters.get("redis.messaging.lag").gauge().value()).isZero();
				});
			});
	}

	@Test
	void lagThatContradictsTheGroupIsReportedAsZero() {
		String stream = newStream();
		IntStream.range(0, 3).forEach((i) -> redis.add(stream, "delivered-" + i));
		redis.commands().xgroupCreate(XReadArgs.StreamOffset.from(stream, "$"), "g");
		// As a failover can leave it: everything delivered, but the group's read counter says nothing was read.
		redis.commands().dispatch(CommandType.XGROUP, new StatusOutput<>(StringCodec.UTF8),
				new CommandArgs<>(StringCodec.UTF8).add("SETID").addKey(stream).add("g").add("$").add("ENTRIESREAD").add(0));
		assertThat(groupLag(stream)).isEqualTo(3);
		redis.commands().xadd("{" + stream + "}:dlq", Map.of("payload", "earlier dead letter"));
		MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g",
					"redis.messaging.listeners.text.claim-interval=100ms")
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				// the dead-letter size is read after the group in each run: once it shows, the lag has been read
				await().atMost(Duration.ofSeconds(10)).ignoreException(MeterNotFoundException.class).untilAsserted(
						() -> assertThat(meters.get("redis.messaging.dead-letter.size").gauge().value()).isEqualTo(1));
				assertThat(meters.get("redis.messaging.lag").gauge().value()).isZero();
				assertThat(groupLag(stream)).isEqualTo(3);
				// an entry that does follow the last delivered id is a real lag again, until it is read
				redis.add(stream, "new");
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(processed.payloads.values()).containsExactly("new"));
			});
	}

	@SuppressWarnings("unchecked")
	private static long groupLag(String stream) {
		List<Object> fields = (List<Object>) redis.commands().xinfoGroups(stream).get(0);
		for (int i = 0; i + 1 < fields.size(); i += 2) {
			if ("lag".equals(fields.get(i))) {
				return (Long) fields.get(i + 1);
			}
		}
		throw new AssertionError("no lag in " + fields);
	}

	@Test
	void idleConsumersWithoutPendingEntriesAreRemovedFromTheGroup() {
		String stream = newStream();
		redis.commands().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "g",
				XGroupCreateArgs.Builder.mkstream());
		String old = redis.add(stream, "handled-by-an-old-instance");
		redis.commands().xreadgroup(Consumer.from("g", "old-instance"), XReadArgs.StreamOffset.lastConsumed(stream));
		redis.commands().xack(stream, "g", old);
		redis.add(stream, "for-the-current-instance");
		MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g",
					"redis.messaging.listeners.text.consumer=current",
					"redis.messaging.listeners.text.claim-interval=100ms",
					"redis.messaging.listeners.text.consumer-idle-timeout=200ms")
			.run((context) -> await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(consumers(stream))
				.containsExactly("current")));
	}

	@SuppressWarnings("unchecked")
	private static List<String> consumers(String stream) {
		return redis.commands().xinfoConsumers(stream, "g").stream().map((info) -> {
			List<Object> fields = (List<Object>) info;
			for (int i = 0; i + 1 < fields.size(); i += 2) {
				if ("name".equals(fields.get(i))) {
					return String.valueOf(fields.get(i + 1));
				}
			}
			return "?";
		}).toList();
	}

}

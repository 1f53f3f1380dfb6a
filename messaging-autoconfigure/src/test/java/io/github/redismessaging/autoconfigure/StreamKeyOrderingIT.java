package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.models.stream.PendingMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @StreamListener(ordering = "KEY")} on a real standalone Redis 7: entries are written as another producer
 * would, with the key in field {@code h.key} and a payload {@code <key>/<sequence>/<behaviour>}, where the behaviour
 * is {@code ok}, {@code flaky<n>} (fails its first n calls), {@code slow<ms>} (works that long) or {@code poison}
 * (always fails).
 */
class StreamKeyOrderingIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String POISON_KEY = "poison-key";

	@AfterAll
	static void close() {
		redis.close();
	}

	private static ApplicationContextRunner runner(String stream, String... properties) {
		return MessagingContextRunners.standalone()
			.withUserConfiguration(Listeners.class)
			.withPropertyValues("test.stream=" + stream, "redis.messaging.listeners.ordered.backoff.delay=20ms")
			.withPropertyValues(properties);
	}

	@Test
	void everyKeysEntriesRunInStreamOrderOneAtATimeWithFailedCallsRetriedInProcess() {
		String stream = "it.ordered." + UUID.randomUUID();
		Map<String, Integer> failuresOf = new LinkedHashMap<>();
		for (int sequence = 0; sequence < 20; sequence++) {
			for (int key = 0; key < 200; key++) {
				int failures = (sequence % 7 == 3 && key % 4 == 0) ? 1 + (key / 4) % 2 : 0;
				String behaviour = (failures > 0) ? "flaky" + failures : "ok";
				failuresOf.put(append(stream, "k" + key, "k" + key + "/" + sequence + "/" + behaviour), failures);
			}
			for (int i = 0; i < 2; i++) {
				failuresOf.put(redis.add(stream, "none/" + (sequence * 2 + i) + "/ok"), 0);
			}
		}
		runner(stream).run((context) -> {
			OrderedListener listener = context.getBean(OrderedListener.class);
			await().atMost(WAIT).until(() -> listener.succeeded.get() == failuresOf.size());
			assertThat(listener.overlapsWithinAKey).hasValue(0);
			List<Integer> inOrder = IntStream.range(0, 20).boxed().toList();
			assertThat(listener.sequences).hasSize(201).allSatisfy((key, sequences) -> {
				if (key.equals("none")) {
					assertThat(sequences).hasSize(40);
				}
				else {
					assertThat(sequences).as(key).isEqualTo(inOrder);
				}
			});
			// each call that failed was followed by one in process, never by a redelivery after the later entries
			assertThat(failuresOf)
				.allSatisfy((id, failures) -> assertThat(listener.calls(id)).as(id).isEqualTo(1 + failures));
			await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "g") == 0);
			assertThat(redis.commands().xlen("{" + stream + "}:dlq")).isZero();
		});
	}

	@Test
	void aKeyWithAnEntryThatAlwaysFailsWaitsUntilItIsDeadLetteredWhileTheOtherKeysGoOn() {
		String stream = "it.ordered." + UUID.randomUUID();
		String dlq = "{" + stream + "}:dlq";
		runner(stream, "redis.messaging.listeners.ordered.max-deliveries=4").run((context) -> {
			OrderedListener listener = context.getBean(OrderedListener.class);
			append(stream, POISON_KEY, POISON_KEY + "/0/ok");
			String poison = append(stream, POISON_KEY, POISON_KEY + "/1/poison");
			append(stream, POISON_KEY, POISON_KEY + "/2/ok");
			List<String> others = new ArrayList<>();
			for (int sequence = 0; sequence < 5; sequence++) {
				for (int key = 0; key < 50; key++) {
					others.add(append(stream, "k" + key, "k" + key + "/" + sequence + "/ok"));
				}
			}
			append(stream, POISON_KEY, POISON_KEY + "/3/ok");

			// the poison entry's second call waits at the gate, in the hands of one worker, holding its key
			await().atMost(WAIT).until(() -> others.stream().allMatch((id) -> listener.attempts.containsKey(id))
					&& listener.calls(poison) == 2);
			assertThat(listener.sequences.get(POISON_KEY)).containsExactly(0);
			assertThat(redis.commands().xlen(dlq)).isZero();

			listener.gate.countDown();
			await().atMost(WAIT).untilAsserted(() -> assertThat(listener.sequences.get(POISON_KEY)).hasSize(3));
			assertThat(listener.sequences.get(POISON_KEY)).containsExactly(0, 2, 3);
			assertThat(listener.calls(poison)).isEqualTo(4);
			// written before the later entries of its key ran
			assertThat(listener.deadLettersSeen).containsEntry(POISON_KEY + "/2/ok", 1L)
				.containsEntry(POISON_KEY + "/3/ok", 1L);
			StreamMessage<String, String> dead = redis.all(dlq).get(0);
			assertThat(redis.all(dlq)).hasSize(1);
			assertThat(dead.getBody()).containsEntry(DeadLetterFields.SOURCE_ID, poison)
				.containsEntry(DeadLetterFields.REASON, "max-deliveries")
				.containsEntry(DeadLetterFields.DELIVERIES, "4")
				.containsEntry(DeadLetterFields.EXCEPTION, "java.lang.IllegalStateException: cannot handle "
						+ POISON_KEY + "/1/poison")
				.containsEntry("payload", POISON_KEY + "/1/poison")
				.containsEntry("h.key", POISON_KEY);
			assertThat(listener.overlapsWithinAKey).hasValue(0);
			await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "g") == 0);
		});
	}

	@Test
	void withoutADeadLetterStreamAnEntryThatAlwaysFailsStaysPendingAndReleasesItsKey() {
		String stream = "it.ordered." + UUID.randomUUID();
		runner(stream, "redis.messaging.listeners.ordered.max-deliveries=2",
				"redis.messaging.listeners.ordered.dead-letter=false",
				"redis.messaging.listeners.ordered.claim-min-idle=1m").run((context) -> {
					OrderedListener listener = context.getBean(OrderedListener.class);
					listener.gate.countDown();
					append(stream, POISON_KEY, POISON_KEY + "/0/ok");
					String poison = append(stream, POISON_KEY, POISON_KEY + "/1/poison");
					append(stream, POISON_KEY, POISON_KEY + "/2/ok");

					await().atMost(WAIT)
						.untilAsserted(() -> assertThat(listener.sequences.get(POISON_KEY)).containsExactly(0, 2));
					assertThat(listener.calls(poison)).isEqualTo(2);
					await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "g") == 1);
					assertThat(redis.commands().xpending(stream, "g", Range.create("-", "+"), Limit.from(10)))
						.extracting(PendingMessage::getId)
						.containsExactly(poison);
					assertThat(redis.commands().exists("{" + stream + "}:dlq")).isZero();
				});
	}

	@Test
	void entriesWaitingForTheirKeyLongerThanClaimMinIdleAreNotClaimedAgain() {
		String stream = "it.ordered." + UUID.randomUUID();
		List<String> ids = new ArrayList<>();
		for (int sequence = 0; sequence < 300; sequence++) {
			ids.add(append(stream, "hot", "hot/" + sequence + "/slow10"));
		}
		runner(stream, "redis.messaging.listeners.ordered.claim-min-idle=1s",
				"redis.messaging.listeners.ordered.claim-interval=200ms")
			.run((context) -> {
				OrderedListener listener = context.getBean(OrderedListener.class);
				await().atMost(WAIT).until(() -> listener.succeeded.get() >= 300);
				await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "g") == 0);
				assertThat(listener.sequences.get("hot")).containsExactlyElementsOf(IntStream.range(0, 300).boxed().toList());
				assertThat(ids).allSatisfy((id) -> assertThat(listener.calls(id)).as(id).isOne());
			});
	}

	private static String append(String stream, String key, String payload) {
		return redis.commands().xadd(stream, Map.of("payload", payload, "h.key", key));
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		OrderedListener orderedListener(@Value("${test.stream}") String stream) {
			return new OrderedListener("{" + stream + "}:dlq");
		}

	}

	static class OrderedListener {

		/** The sequence numbers of each key's entries, in the order their calls succeeded. */
		final Map<String, List<Integer>> sequences = new ConcurrentHashMap<>();

		/** Calls per entry id. */
		final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		/** For the entries of {@code POISON_KEY}: the length of the dead-letter stream when they succeeded. */
		final Map<String, Long> deadLettersSeen = new ConcurrentHashMap<>();

		final AtomicInteger succeeded = new AtomicInteger();

		final AtomicInteger overlapsWithinAKey = new AtomicInteger();

		/** Where the second call of a poison entry waits. */
		final CountDownLatch gate = new CountDownLatch(1);

		private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

		private final String deadLetters;

		OrderedListener(String deadLetters) {
			this.deadLetters = deadLetters;
		}

		int calls(String id) {
			AtomicInteger calls = this.attempts.get(id);
			return (calls != null) ? calls.get() : 0;
		}

		@StreamListener(id = "ordered", stream = "${test.stream}", group = "g", start = "earliest", ordering = "KEY",
				concurrency = "8")
		void on(String payload, @Header(RedisHeaders.ID) String id) throws InterruptedException {
			int attempt = this.attempts.computeIfAbsent(id, (k) -> new AtomicInteger()).incrementAndGet();
			String[] parts = payload.split("/");
			String key = parts[0];
			String behaviour = parts[2];
			boolean ordered = !key.equals("none");
			AtomicInteger inKey = this.running.computeIfAbsent(key, (k) -> new AtomicInteger());
			if (ordered && inKey.incrementAndGet() != 1) {
				this.overlapsWithinAKey.incrementAndGet();
			}
			try {
				if (behaviour.startsWith("slow")) {
					// the listener's own work, which holds the key while the entries behind it wait
					TimeUnit.MILLISECONDS.sleep(Long.parseLong(behaviour.substring(4)));
				}
				if (behaviour.equals("poison") && attempt == 2) {
					this.gate.await(60, TimeUnit.SECONDS);
				}
				if (behaviour.equals("poison")
						|| (behaviour.startsWith("flaky") && attempt <= Integer.parseInt(behaviour.substring(5)))) {
					throw new IllegalStateException("cannot handle " + payload);
				}
				if (key.equals(POISON_KEY)) {
					this.deadLettersSeen.put(payload, redis.commands().xlen(this.deadLetters));
				}
				this.sequences.computeIfAbsent(key, (k) -> Collections.synchronizedList(new ArrayList<>()))
					.add(Integer.parseInt(parts[1]));
				this.succeeded.incrementAndGet();
			}
			finally {
				if (ordered) {
					inKey.decrementAndGet();
				}
			}
		}

	}

}

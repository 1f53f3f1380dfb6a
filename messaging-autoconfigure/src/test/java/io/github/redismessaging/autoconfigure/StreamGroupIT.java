package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.MeterNotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Behaviour;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @StreamListener} with consumer groups on a real standalone Redis 7.
 */
class StreamGroupIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	private static String newStream() {
		return "it.stream." + UUID.randomUUID();
	}

	private static ApplicationContextRunner text(String stream, String... properties) {
		return MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g")
			.withPropertyValues(properties);
	}

	@Test
	void tenThousandEntriesWithConcurrencyFourAreEachProcessedOnceAndAcknowledged() {
		String stream = newStream();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(redis.add(stream, "entry-" + i));
		}
		text(stream, "redis.messaging.listeners.text.concurrency=4").run((context) -> {
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(processed.deliveries).hasSize(10_000));
			assertThat(processed.deliveries.keySet()).containsExactlyInAnyOrderElementsOf(ids);
			assertThat(processed.deliveries.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
			await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "g") == 0);
		});
	}

	@Test
	void twoInstancesInOneGroupShareTheWorkWithoutDuplicates() {
		String stream = newStream();
		text(stream, "redis.messaging.listeners.text.batch-size=10").run((first) -> text(stream,
				"redis.messaging.listeners.text.batch-size=10").run((second) -> {
					List<String> ids = new ArrayList<>();
					for (int i = 0; i < 2000; i++) {
						ids.add(redis.add(stream, "entry-" + i));
					}
					Processed one = first.getBean("processed", Processed.class);
					Processed two = second.getBean("processed", Processed.class);
					await().atMost(Duration.ofSeconds(30))
						.untilAsserted(() -> assertThat(one.deliveries.size() + two.deliveries.size()).isEqualTo(2000));
					Set<String> union = new HashSet<>(one.deliveries.keySet());
					union.addAll(two.deliveries.keySet());
					assertThat(union).containsExactlyInAnyOrderElementsOf(ids);
					assertThat(one.deliveries.keySet()).doesNotContainAnyElementsOf(two.deliveries.keySet());
					assertThat(one.deliveries).isNotEmpty();
					assertThat(two.deliveries).isNotEmpty();
					await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "g") == 0);
				}));
	}

	@Test
	void entriesHeldByACrashedConsumerAreProcessedByAnotherInstance() {
		String stream = newStream();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			ids.add(redis.add(stream, "block-" + i));
		}
		text(stream, "redis.messaging.listeners.text.shutdown-timeout=200ms").run((crashed) -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "g") == 100);
			Behaviour stuck = crashed.getBean(Behaviour.class);
			text(stream, "redis.messaging.listeners.text.claim-min-idle=1s",
					"redis.messaging.listeners.text.claim-interval=200ms").run((survivor) -> {
						survivor.getBean(Behaviour.class).release.countDown();
						Processed processed = survivor.getBean("processed", Processed.class);
						long start = System.nanoTime();
						await().atMost(Duration.ofSeconds(15))
							.untilAsserted(() -> assertThat(processed.deliveries.keySet())
								.containsExactlyInAnyOrderElementsOf(ids));
						assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
						await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "g") == 0);
						assertThat(redis.commands().xlen("{" + stream + "}:dlq")).isZero();
					});
			assertThat(crashed.getBean("processed", Processed.class).deliveries).isEmpty();
			stuck.release.countDown();
		});
	}

	@Test
	void poisonEntryIsDeliveredMaxDeliveriesTimesThenDeadLetteredAndCanBeReplayed() {
		String stream = newStream();
		text(stream, "redis.messaging.listeners.text.max-deliveries=3",
				"redis.messaging.listeners.text.claim-min-idle=100ms",
				"redis.messaging.listeners.text.claim-interval=100ms").run((context) -> {
					String poison = redis.add(stream, "poison-1");
					String healthy = redis.add(stream, "fine-1");
					String dlq = "{" + stream + "}:dlq";
					await().atMost(Duration.ofSeconds(20)).until(() -> redis.commands().xlen(dlq) == 1);
					Processed attempts = context.getBean("attempts", Processed.class);
					assertThat(attempts.count(poison)).isEqualTo(3);
					assertThat(context.getBean("processed", Processed.class).payloads).containsOnlyKeys(healthy);
					StreamMessage<String, String> dead = redis.all(dlq).get(0);
					assertThat(dead.getBody()).containsEntry("payload", "poison-1")
						.containsEntry(DeadLetterFields.REASON, "max-deliveries")
						.containsEntry(DeadLetterFields.DELIVERIES, "3")
						.containsEntry(DeadLetterFields.SOURCE_ID, poison)
						.containsEntry(DeadLetterFields.LISTENER, "text")
						.containsKey(DeadLetterFields.AT);
					assertThat(dead.getBody().get(DeadLetterFields.EXCEPTION))
						.isEqualTo("java.lang.IllegalStateException: cannot handle poison-1");
					await().atMost(Duration.ofSeconds(5)).until(() -> redis.pending(stream, "g") == 0);
					MeterRegistry meters = context.getBean(MeterRegistry.class);
					assertThat(meters.get("redis.messaging.dead-lettered").tag("reason", "max-deliveries").counter().count())
						.isEqualTo(1);

					RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
					assertThat(template.deadLetters(stream, 10)).singleElement().satisfies((deadLetter) -> {
						assertThat(deadLetter.sourceId()).isEqualTo(poison);
						assertThat(deadLetter.reason()).isEqualTo("max-deliveries");
						assertThat(deadLetter.deliveries()).isEqualTo(3);
						assertThat(deadLetter.payload()).isEqualTo("poison-1");
					});
					context.getBean(Behaviour.class).poisonFails = false;
					assertThat(template.replayDeadLetters(stream, 10)).isEqualTo(1);
					await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
							context.getBean("processed", Processed.class).payloads.values()).contains("poison-1"));
					assertThat(redis.commands().xlen(dlq)).isZero();

				});
	}

	@Test
	void malformedPayloadIsDeadLetteredAtOnceAndConsumptionContinues() {
		String stream = newStream();
		MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Typed.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				String first = redis.commands().xadd(stream, Map.of("payload", "{\"id\":\"a\",\"amount\":1}", "h.source", "shop"));
				String bad = redis.add(stream, "{not json");
				String last = redis.commands().xadd(stream, Map.of("payload", "{\"id\":\"b\",\"amount\":2}", "h.source", "app"));
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(processed.payloads)
					.containsExactlyInAnyOrderEntriesOf(Map.of(first, "a:1:shop", last, "b:2:app")));
				String dlq = "{" + stream + "}:dlq";
				await().atMost(Duration.ofSeconds(10)).until(() -> redis.commands().xlen(dlq) == 1);
				assertThat(redis.all(dlq).get(0).getBody()).containsEntry(DeadLetterFields.REASON, "decode")
					.containsEntry(DeadLetterFields.SOURCE_ID, bad)
					.containsEntry(DeadLetterFields.DELIVERIES, "1")
					.containsEntry("payload", "{not json");
				await().atMost(Duration.ofSeconds(5)).until(() -> redis.pending(stream, "g") == 0);
			});
	}

	@Test
	void manualAcknowledgmentLeavesUnacknowledgedEntriesPendingUntilRedelivered() {
		String stream = newStream();
		MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Manual.class)
			.withPropertyValues("test.stream=" + stream, "redis.messaging.listeners.manual.claim-min-idle=300ms",
					"redis.messaging.listeners.manual.claim-interval=100ms")
			.run((context) -> {
				List<String> ids = IntStream.range(0, 5).mapToObj((i) -> redis.add(stream, "m-" + i)).toList();
				Processed attempts = context.getBean("attempts", Processed.class);
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(attempts.deliveries).hasSize(5));
				assertThat(redis.pending(stream, "g")).isEqualTo(5);
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(processed.deliveries.keySet()).containsExactlyInAnyOrderElementsOf(ids));
				assertThat(ids).allSatisfy((id) -> assertThat(attempts.count(id)).isEqualTo(2));
				await().atMost(Duration.ofSeconds(5)).until(() -> redis.pending(stream, "g") == 0);
			});
	}

	@Test
	void ackModeNoneLeavesNoPendingEntries() {
		String stream = newStream();
		text(stream, "redis.messaging.listeners.text.ack-mode=NONE").run((context) -> {
			IntStream.range(0, 20).forEach((i) -> redis.add(stream, "n-" + i));
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(processed.deliveries).hasSize(20));
			assertThat(redis.pending(stream, "g")).isZero();
		});
	}

	@Test
	void entriesDeletedWhilePendingAreAcknowledgedAndCountedButNeverDelivered() {
		String stream = newStream();
		text(stream, "redis.messaging.listeners.text.claim-min-idle=100ms",
				"redis.messaging.listeners.text.claim-interval=100ms",
				"redis.messaging.listeners.text.max-deliveries=1000").run((context) -> {
					List<String> ids = IntStream.range(0, 3).mapToObj((i) -> redis.add(stream, "poison-" + i)).toList();
					Processed attempts = context.getBean("attempts", Processed.class);
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(attempts.deliveries).containsOnlyKeys(ids));
					redis.commands().xdel(stream, ids.toArray(String[]::new));
					MeterRegistry meters = context.getBean(MeterRegistry.class);
					await().atMost(Duration.ofSeconds(10))
						.ignoreException(MeterNotFoundException.class)
						.untilAsserted(() -> assertThat(
							meters.get("redis.messaging.deleted-pending").counter().count()).isEqualTo(3));
					assertThat(redis.pending(stream, "g")).isZero();
					Map<String, Integer> afterDeletion = snapshot(attempts);
					await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
						.untilAsserted(() -> assertThat(snapshot(attempts)).isEqualTo(afterDeletion));
					assertThat(attempts.payloads.values()).doesNotContainNull();
				});
	}

	private static Map<String, Integer> snapshot(Processed processed) {
		Map<String, Integer> counts = new java.util.HashMap<>();
		processed.deliveries.forEach((id, count) -> counts.put(id, count.get()));
		return counts;
	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.redismessaging.autoconfigure.QueueTestListeners.Timeline;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Behaviour;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Order;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @QueueListener} on a real standalone Redis 7.
 */
class QueueIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	private static String newQueue() {
		return "it.queue." + UUID.randomUUID();
	}

	private static ApplicationContextRunner jobs(String queues, String... properties) {
		return MessagingContextRunners.standalone()
			.withUserConfiguration(QueueTestListeners.Text.class)
			.withPropertyValues("test.queues=" + queues)
			.withPropertyValues(properties);
	}

	private static long processingItems(String queue) {
		return redis.taken(queue).size();
	}

	@Test
	void tenThousandItemsWithConcurrencyFourAreEachProcessedOnce() {
		String queue = newQueue();
		jobs(queue, "redis.messaging.listeners.jobs.concurrency=4").run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			List<String> ids = new ArrayList<>();
			for (int batch = 0; batch < 10; batch++) {
				int offset = batch * 1000;
				ids.addAll(template.enqueueAll(queue, IntStream.range(0, 1000).mapToObj((i) -> "job-" + (offset + i)).toList()));
			}
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(processed.deliveries).hasSize(10_000));
			assertThat(processed.deliveries.keySet()).containsExactlyInAnyOrderElementsOf(ids);
			assertThat(processed.deliveries.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
			await().atMost(Duration.ofSeconds(10)).until(() -> processingItems(queue) == 0);
			assertThat(redis.commands().llen(queue)).isZero();
		});
	}

	@Test
	void itemsOfAStoppedConsumerStillInTheListenerAreProcessedByAnotherAfterTheirLeasesExpire() {
		String queue = newQueue();
		String[] fast = { "redis.messaging.listeners.jobs.lease-timeout=1s",
				"redis.messaging.listeners.jobs.maintenance-interval=200ms",
				"redis.messaging.listeners.jobs.shutdown-timeout=100ms" };
		List<String> ids = new ArrayList<>();
		jobs(queue, fast).run((crashed) -> {
			RedisMessagingTemplate template = crashed.getBean(RedisMessagingTemplate.class);
			ids.addAll(template.enqueueAll(queue, IntStream.range(0, 8).mapToObj((i) -> "block-" + i).toList()));
			await().atMost(Duration.ofSeconds(10)).until(() -> processingItems(queue) == 8);
			Behaviour stuck = crashed.getBean(Behaviour.class);
			Processed processedBeforeCrash = crashed.getBean("processed", Processed.class);
			crashed.close();
			stuck.release.countDown();
			assertThat(processedBeforeCrash.deliveries).isEmpty();
		});
		// The item in the listener's hands stays leased; the seven it never started went back to the queue at once.
		assertThat(processingItems(queue)).isEqualTo(1);
		assertThat(redis.commands().llen(queue)).isEqualTo(7);
		jobs(queue, fast).run((survivor) -> {
			survivor.getBean(Behaviour.class).release.countDown();
			Processed processed = survivor.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(processed.deliveries.keySet()).containsExactlyInAnyOrderElementsOf(ids));
			await().atMost(Duration.ofSeconds(5)).until(() -> processingItems(queue) == 0);
			assertThat(redis.commands().llen("{" + queue + "}:dlq")).isZero();
			assertThat(processed.deliveries.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		});
	}

	@Test
	void poisonItemIsTriedMaxAttemptsTimesWithBackoffThenDeadLetteredAndReplayed() {
		String queue = newQueue();
		jobs(queue, "redis.messaging.listeners.jobs.max-attempts=3",
				"redis.messaging.listeners.jobs.backoff.delay=400ms",
				"redis.messaging.listeners.jobs.backoff.multiplier=1",
				"redis.messaging.listeners.jobs.maintenance-interval=50ms").run((context) -> {
					RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
					String id = template.enqueue(queue, "poison-job");
					String dlq = "{" + queue + "}:dlq";
					await().atMost(Duration.ofSeconds(15)).until(() -> redis.commands().llen(dlq) == 1);
					Processed attempts = context.getBean("attempts", Processed.class);
					assertThat(attempts.count(id)).isEqualTo(3);
					List<Long> times = context.getBean(Timeline.class).attemptNanos;
					for (int i = 1; i < times.size(); i++) {
						assertThat(Duration.ofNanos(times.get(i) - times.get(i - 1))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
					}
					assertThat(template.queueDeadLetters(queue, 1, 10)).isEmpty();
					DeadLetter deadLetter = template.queueDeadLetters(queue, 10).get(0);
					assertThat(deadLetter.id()).isEqualTo(id);
					assertThat(deadLetter.reason()).isEqualTo("max-attempts");
					assertThat(deadLetter.deliveries()).isEqualTo(3);
					assertThat(deadLetter.exception()).isEqualTo("java.lang.IllegalStateException: cannot handle poison-job");
					assertThat(processingItems(queue)).isZero();
					MeterRegistry meters = context.getBean(MeterRegistry.class);
					assertThat(meters.get("redis.messaging.dead-lettered").tag("reason", "max-attempts").counter().count())
						.isEqualTo(1);

					context.getBean(Behaviour.class).poisonFails = false;
					assertThat(template.replayDeadLetters(queue, 10)).isEqualTo(1);
					Processed processed = context.getBean("processed", Processed.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> processed.count(id) == 1);
					assertThat(redis.commands().llen(dlq)).isZero();
				});
	}

	@Test
	void malformedItemIsDeadLetteredAtOnceAndConsumptionContinues() {
		String queue = newQueue();
		MessagingContextRunners.standalone()
			.withUserConfiguration(QueueTestListeners.Typed.class)
			.withPropertyValues("test.queue=" + queue)
			.run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				template.enqueue(queue, new Order("a", 1));
				redis.commands().lpush(queue, "{not json");
				template.enqueue(queue, new Order("b", 2));
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(processed.payloads.values()).containsExactlyInAnyOrder("a", "b"));
				String dlq = "{" + queue + "}:dlq";
				await().atMost(Duration.ofSeconds(5)).until(() -> redis.commands().llen(dlq) == 1);
				DeadLetter deadLetter = template.queueDeadLetters(queue, 1).get(0);
				assertThat(deadLetter.reason()).isEqualTo("decode");
				assertThat(deadLetter.payload()).isEqualTo("{not json");
			});
	}

	@Test
	void higherPriorityQueueIsDrainedFirst() {
		String high = newQueue();
		String low = newQueue();
		redis.commands().lpush(low, IntStream.range(0, 20).mapToObj((i) -> "low-" + i).toArray(String[]::new));
		redis.commands().lpush(high, IntStream.range(0, 20).mapToObj((i) -> "high-" + i).toArray(String[]::new));
		jobs(high + "," + low).run((context) -> {
			Timeline timeline = context.getBean(Timeline.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(timeline.payloads).hasSize(40));
			assertThat(timeline.payloads.subList(0, 20)).allMatch((payload) -> payload.startsWith("high-"));
			assertThat(timeline.payloads.subList(0, 20)).containsExactlyElementsOf(
					IntStream.range(0, 20).mapToObj((i) -> "high-" + i).toList());
		});
	}

	@Test
	void circularModeCyclesOverItemsWithoutLosingAny() {
		String queue = newQueue();
		List<String> targets = IntStream.range(0, 5).mapToObj((i) -> "target-" + i).toList();
		redis.commands().lpush(queue, targets.toArray(String[]::new));
		jobs(queue, "redis.messaging.listeners.jobs.mode=CIRCULAR", "redis.messaging.listeners.jobs.concurrency=3",
				"redis.messaging.listeners.jobs.rotation-interval=50ms").run((context) -> {
					Timeline timeline = context.getBean(Timeline.class);
					await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(targets)
						.allSatisfy((target) -> assertThat(timeline.payloads.stream().filter(target::equals).count())
							.isGreaterThanOrEqualTo(3)));
				});
		assertThat(redis.commands().lrange(queue, 0, -1)).containsExactlyInAnyOrderElementsOf(targets);
	}

	@Test
	void atMostOnceModeConsumesEverythingWithoutProcessingLists() {
		String queue = newQueue();
		jobs(queue, "redis.messaging.listeners.jobs.mode=AT_MOST_ONCE").run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			List<String> ids = template.enqueueAll(queue, IntStream.range(0, 500).mapToObj((i) -> "job-" + i).toList());
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(processed.deliveries.keySet()).containsExactlyInAnyOrderElementsOf(ids));
			assertThat(processingItems(queue)).isZero();
			assertThat(redis.commands().llen(queue)).isZero();
		});
	}

	@Test
	void templateEnqueuesConditionallyAndLater() {
		String queue = newQueue();
		jobs("unused-" + queue, "redis.messaging.listeners.jobs.auto-startup=false").run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			assertThat(template.enqueueIfExists(queue, "nobody")).isFalse();
			assertThat(template.queueSize(queue)).isZero();
			template.enqueue(queue, Map.of("first", 1));
			assertThat(template.enqueueIfExists(queue, "second")).isTrue();
			assertThat(template.queueSize(queue)).isEqualTo(2);
			assertThat(template.peek(queue, 2, String.class)).containsExactly("{\"first\":1}", "second");
			assertThat(redis.commands().lindex(queue, -1)).contains("\"attempts\":0").contains("\"enqueuedAt\"");
		});
		String delayedQueue = newQueue();
		jobs(delayedQueue, "redis.messaging.listeners.jobs.maintenance-interval=50ms").run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			long start = System.nanoTime();
			String id = template.enqueueDelayed(delayedQueue, "later", Duration.ofSeconds(2));
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> processed.count(id) == 1);
			Duration waited = Duration.ofNanos(System.nanoTime() - start);
			assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(5));
		});
	}

	@Test
	void itemUnderALeaseNobodyExtendsIsReturnedAfterItExpiresAndProcessedOnce() {
		String queue = newQueue();
		redis.commands().rpush("{" + queue + "}:take:lost-reply:1", "left by a lost reply");
		redis.commands().zadd("{" + queue + "}:leases", 0, "lost-reply:1");
		jobs(queue, "redis.messaging.listeners.jobs.maintenance-interval=100ms").run((context) -> {
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(processed.payloads.values()).containsExactly("left by a lost reply"));
			await().atMost(Duration.ofSeconds(5)).until(() -> processingItems(queue) == 0
					&& redis.commands().zcard("{" + queue + "}:leases") == 0
					&& redis.commands().hlen("{" + queue + "}:expiries") == 0);
		});
	}

	@Test
	void plainItemsPushedByOtherToolsAreConsumed() {
		String queue = newQueue();
		jobs(queue).run((context) -> {
			redis.commands().lpush(queue, "hello");
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(processed.payloads.values()).containsExactly("hello"));
		});
	}

}

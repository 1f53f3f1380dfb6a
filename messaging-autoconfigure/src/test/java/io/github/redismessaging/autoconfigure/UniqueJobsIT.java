package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.publish.AppendOptions;
import io.github.redismessaging.publish.DelayedItem;
import io.github.redismessaging.publish.EnqueueOptions;
import io.github.redismessaging.publish.EnqueueResult;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.queue.QueueEnvelope;
import io.github.redismessaging.stream.StreamRecord;
import io.github.redismessaging.stream.Trim;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Unique jobs ({@code EnqueueOptions.unique}) and idempotent appends ({@code AppendOptions.idempotent}) on a real
 * Redis 7 server and on the shared cluster: concurrent producers add one job per key, and the key is freed when the
 * job is handled, dead-lettered, or its TTL runs out, never while it is queued, delayed or leased.
 */
class UniqueJobsIT {

	private static String newName() {
		return "it.unique." + UUID.randomUUID();
	}

	private static String uniqueKey(String queue, String key) {
		return "{" + queue + "}:unique:" + key;
	}

	private static ApplicationContextRunner jobs(ApplicationContextRunner runner, String queue, String... properties) {
		return runner.withUserConfiguration(QueueTestListeners.Text.class)
			.withPropertyValues("test.queues=" + queue)
			.withPropertyValues(properties);
	}

	private static void startListener(ApplicationContext context) {
		context.getBean(RedisListenerRegistry.class).container("jobs").orElseThrow().start();
	}

	@Test
	void aThousandEnqueuesOfAHundredKeysFromFourThreadsGiveAHundredJobs() {
		try (RawRedis redis = RawRedis.of(SharedRedis.standalone())) {
			aHundredJobsFromAThousandEnqueues(MessagingContextRunners.standalone(), redis);
		}
	}

	@Test
	void aThousandEnqueuesOfAHundredKeysFromFourThreadsGiveAHundredJobsInACluster() {
		try (RawRedis redis = RawRedis.of(SharedRedis.cluster())) {
			aHundredJobsFromAThousandEnqueues(MessagingContextRunners.cluster(), redis);
		}
	}

	private void aHundredJobsFromAThousandEnqueues(ApplicationContextRunner runner, RawRedis redis) {
		String queue = newName();
		jobs(runner, queue, "redis.messaging.listeners.jobs.auto-startup=false",
				"redis.messaging.listeners.jobs.concurrency=4").run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			Map<String, Set<String>> idsByKey = new ConcurrentHashMap<>();
			ConcurrentLinkedQueue<EnqueueResult> added = new ConcurrentLinkedQueue<>();
			ExecutorService producers = Executors.newFixedThreadPool(4);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (int thread = 0; thread < 4; thread++) {
					int offset = thread * 250;
					done.add(producers.submit(() -> {
						for (int i = 0; i < 250; i++) {
							String key = "key-" + ((offset + i) % 100);
							EnqueueResult result = template.enqueue(queue, key, EnqueueOptions.unique(key));
							idsByKey.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(result.id());
							if (result.enqueued()) {
								added.add(result);
							}
						}
					}));
				}
				for (Future<?> producer : done) {
					producer.get(60, TimeUnit.SECONDS);
				}
			}
			finally {
				producers.shutdownNow();
			}
			assertThat(added).hasSize(100);
			assertThat(template.queueSize(queue)).isEqualTo(100);
			// Every enqueue of a key that was turned away named the one job that holds it.
			assertThat(idsByKey).hasSize(100).allSatisfy((key, ids) -> assertThat(ids).hasSize(1));
			List<String> ids = added.stream().map(EnqueueResult::id).toList();
			assertThat(ids).doesNotHaveDuplicates();
			for (int i = 0; i < 100; i++) {
				assertThat(redis.commands().get(uniqueKey(queue, "key-" + i)))
					.isEqualTo(idsByKey.get("key-" + i).iterator().next());
			}

			startListener(context);
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(processed.deliveries.keySet()).containsExactlyInAnyOrderElementsOf(ids));
			String[] keys = IntStream.range(0, 100).mapToObj((i) -> uniqueKey(queue, "key-" + i)).toArray(String[]::new);
			await().atMost(Duration.ofSeconds(10)).until(() -> redis.commands().exists(keys) == 0);
			EnqueueResult again = template.enqueue(queue, "key-7", EnqueueOptions.unique("key-7"));
			assertThat(again.enqueued()).isTrue();
			assertThat(ids).doesNotContain(again.id());
			await().atMost(Duration.ofSeconds(10)).until(() -> processed.count(again.id()) == 1);
			assertThat(processed.deliveries.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		});
	}

	@Test
	void aRetryKeepsTheKeyAndADeadLetterFreesIt() {
		String queue = newName();
		try (RawRedis redis = RawRedis.of(SharedRedis.standalone())) {
			jobs(MessagingContextRunners.standalone(), queue, "redis.messaging.listeners.jobs.max-attempts=2",
					"redis.messaging.listeners.jobs.backoff.delay=1s",
					"redis.messaging.listeners.jobs.maintenance-interval=100ms").run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				EnqueueResult first = template.enqueue(queue, "poison-report", EnqueueOptions.unique("report"));
				assertThat(first.enqueued()).isTrue();
				await().atMost(Duration.ofSeconds(10)).until(() -> template.delayed(queue, 10).size() == 1);
				assertThat(template.enqueue(queue, "report", EnqueueOptions.unique("report")))
					.isEqualTo(new EnqueueResult(first.id(), false));
				await().atMost(Duration.ofSeconds(10)).until(() -> template.queueDeadLetters(queue, 10).size() == 1);
				DeadLetter deadLetter = template.queueDeadLetters(queue, 10).get(0);
				assertThat(deadLetter.reason()).isEqualTo(DeadLetterFields.REASON_MAX_ATTEMPTS);
				assertThat(deadLetter.fields()).isEqualTo(Map.of(QueueEnvelope.UNIQUE_KEY_HEADER, "report"));
				// The script that wrote the dead letter freed the key in the same step.
				assertThat(redis.commands().exists(uniqueKey(queue, "report"))).isZero();
				EnqueueResult after = template.enqueue(queue, "report", EnqueueOptions.unique("report"));
				assertThat(after.enqueued()).isTrue();
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> processed.count(after.id()) == 1);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> redis.commands().exists(uniqueKey(queue, "report")) == 0);
			});
		}
	}

	@Test
	void theTtlFreesTheKeyOfAJobStillQueuedWhoseEndThenLeavesTheNextHolderAlone() {
		String queue = newName();
		String key = uniqueKey(queue, "digest");
		try (RawRedis redis = RawRedis.of(SharedRedis.standalone())) {
			jobs(MessagingContextRunners.standalone(), queue, "redis.messaging.listeners.jobs.auto-startup=false")
				.run((context) -> {
					RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
					EnqueueOptions shortLived = EnqueueOptions.unique("digest").ttl(Duration.ofMillis(500));
					EnqueueResult first = template.enqueue(queue, "first", shortLived);
					assertThat(first.enqueued()).isTrue();
					assertThat(template.enqueue(queue, "second", shortLived).enqueued()).isFalse();
					assertThat(redis.commands().pttl(key)).isBetween(1L, 500L);
					await().atMost(Duration.ofSeconds(5))
						.pollInterval(Duration.ofMillis(50))
						.until(() -> redis.commands().exists(key) == 0);
					// The first job is still queued, but its key ran out: the next enqueue is accepted. Its TTL
					// counts from its due time.
					EnqueueResult later = template.enqueueDelayed(queue, "later", Duration.ofHours(1),
							EnqueueOptions.unique("digest"));
					assertThat(later.enqueued()).isTrue();
					assertThat(redis.commands().pttl(key)).isGreaterThan(Duration.ofHours(24).toMillis())
						.isLessThanOrEqualTo(Duration.ofHours(25).toMillis());
					assertThat(template.queueSize(queue)).isEqualTo(1);
					assertThat(template.delayed(queue, 10)).extracting(DelayedItem::id).containsExactly(later.id());

					startListener(context);
					Processed processed = context.getBean("processed", Processed.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> processed.count(first.id()) == 1);
					await().atMost(Duration.ofSeconds(10)).until(() -> redis.taken(queue).isEmpty()
							&& redis.commands().zcard("{" + queue + "}:leases") == 0);
					// The end of the first job did not free the key of the delayed one.
					assertThat(redis.commands().get(key)).isEqualTo(later.id());
					assertThat(template.enqueue(queue, "again", EnqueueOptions.unique("digest")))
						.isEqualTo(new EnqueueResult(later.id(), false));
				});
		}
	}

	@Test
	void itemsWithAForgedOrMalformedUniqueKeyHeaderFinishAndFreeNothingTheyDidNotTake() {
		String queue = newName();
		try (RawRedis redis = RawRedis.of(SharedRedis.standalone())) {
			jobs(MessagingContextRunners.standalone(), queue, "redis.messaging.listeners.jobs.max-attempts=1")
				.run((context) -> {
					RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
					EnqueueResult held = template.enqueueDelayed(queue, "held", Duration.ofHours(1),
							EnqueueOptions.unique("k"));
					assertThat(held.enqueued()).isTrue();
					redis.commands().lpush(queue, envelope("forged", "\"k\""), envelope("blank", "\" \""),
							envelope("number", "42"), envelope("object", "{\"a\":1}"));
					Processed processed = context.getBean("processed", Processed.class);
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(processed.deliveries).containsOnlyKeys("forged", "blank",
								"number"));
					await().atMost(Duration.ofSeconds(10)).until(() -> template.queueDeadLetters(queue, 10).size() == 1);
					assertThat(template.queueDeadLetters(queue, 10).get(0).reason()).isEqualTo(DeadLetterFields.REASON_DECODE);
					await().atMost(Duration.ofSeconds(10)).until(() -> redis.taken(queue).isEmpty()
							&& redis.commands().zcard("{" + queue + "}:leases") == 0);
					assertThat(redis.commands().get(uniqueKey(queue, "k"))).isEqualTo(held.id());
				});
		}
	}

	@Test
	void atMostOnceAHandledJobFreesItsKey() {
		String queue = newName();
		try (RawRedis redis = RawRedis.of(SharedRedis.standalone())) {
			jobs(MessagingContextRunners.standalone(), queue, "redis.messaging.listeners.jobs.mode=AT_MOST_ONCE")
				.run((context) -> {
					RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
					EnqueueResult first = template.enqueue(queue, "once", EnqueueOptions.unique("once"));
					Processed processed = context.getBean("processed", Processed.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> processed.count(first.id()) == 1);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> redis.commands().exists(uniqueKey(queue, "once")) == 0);
					assertThat(template.enqueue(queue, "once", EnqueueOptions.unique("once")).enqueued()).isTrue();
				});
		}
	}

	@Test
	void aRetriedAppendWithTheSameIdempotencyKeyGivesOneEntry() {
		try (RawRedis redis = RawRedis.of(SharedRedis.standalone())) {
			idempotentAppends(MessagingContextRunners.standalone(), redis);
		}
	}

	@Test
	void aRetriedAppendWithTheSameIdempotencyKeyGivesOneEntryInACluster() {
		try (RawRedis redis = RawRedis.of(SharedRedis.cluster())) {
			idempotentAppends(MessagingContextRunners.cluster(), redis);
		}
	}

	private void idempotentAppends(ApplicationContextRunner runner, RawRedis redis) {
		String stream = newName();
		runner.run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			String first = template.append(stream, "order-1", AppendOptions.idempotent("request-1"));
			// Retries after lost replies, from four threads at once.
			Set<String> retried = ConcurrentHashMap.newKeySet();
			ExecutorService producers = Executors.newFixedThreadPool(4);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (int thread = 0; thread < 4; thread++) {
					done.add(producers.submit(() -> {
						for (int i = 0; i < 25; i++) {
							retried.add(template.append(stream, "order-1", Map.of("try", Integer.toString(i)), null,
									AppendOptions.idempotent("request-1")));
						}
					}));
				}
				for (Future<?> producer : done) {
					producer.get(60, TimeUnit.SECONDS);
				}
			}
			finally {
				producers.shutdownNow();
			}
			assertThat(retried).containsExactly(first);
			assertThat(redis.commands().xlen(stream)).isEqualTo(1);

			String second = template.append(stream, "order-2", Map.of("trace", "t-2"), Trim.maxLength(1000),
					AppendOptions.idempotent("request-2"));
			assertThat(second).isNotEqualTo(first);
			assertThat(redis.commands().xlen(stream)).isEqualTo(2);
			List<StreamRecord<String>> records = template.range(stream, "-", "+", 10, String.class);
			assertThat(records).extracting(StreamRecord::id).containsExactly(first, second);
			assertThat(records).extracting(StreamRecord::payload).containsExactly("order-1", "order-2");
			assertThat(records.get(0).headers()).isEmpty();
			assertThat(records.get(1).headers()).isEqualTo(Map.of("trace", "t-2"));
			assertThat(redis.commands().pttl("{" + stream + "}:idem:request-2"))
				.isGreaterThan(Duration.ofHours(23).toMillis());

			AppendOptions shortWindow = AppendOptions.idempotent("request-3").ttl(Duration.ofMillis(300));
			String third = template.append(stream, "order-3", shortWindow);
			assertThat(template.append(stream, "order-3", shortWindow)).isEqualTo(third);
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> redis.commands().exists("{" + stream + "}:idem:request-3") == 0);
			// After the window, the same key appends again.
			assertThat(template.append(stream, "order-3", shortWindow)).isNotEqualTo(third);
			assertThat(redis.commands().xlen(stream)).isEqualTo(4);
		});
	}

	/** An envelope as another tool could push it, with a {@code unique-key} header of any JSON value. */
	private static String envelope(String id, String uniqueKey) {
		return "{\"id\":\"" + id + "\",\"payload\":\"" + id + "\",\"headers\":{\"" + QueueEnvelope.UNIQUE_KEY_HEADER
				+ "\":" + uniqueKey + "}}";
	}

}

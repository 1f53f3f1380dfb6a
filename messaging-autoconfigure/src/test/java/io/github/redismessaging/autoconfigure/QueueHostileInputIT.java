package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.queue.QueueEnvelope;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Items and companion keys written by hand, as with redis-cli, into a queue a listener consumes. In each case
 * nothing is deleted, the damaged item ends in the dead-letter list with a reason or stays where it was, the valid
 * items after it are processed, and the log has about one line per failure and no stack trace.
 */
class QueueHostileInputIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	private static ApplicationContextRunner jobs(String queue, String... properties) {
		return MessagingContextRunners.standalone()
			.withUserConfiguration(QueueTestListeners.Text.class)
			.withPropertyValues("test.queues=" + queue, "redis.messaging.listeners.jobs.max-attempts=2",
					"redis.messaging.listeners.jobs.backoff.delay=50ms",
					"redis.messaging.listeners.jobs.lease-timeout=1s",
					"redis.messaging.listeners.jobs.maintenance-interval=50ms")
			.withPropertyValues(properties);
	}

	private static String envelope(String id, String payload) {
		return "{\"id\":\"" + id + "\",\"payload\":\"" + payload + "\",\"attempts\":0,\"headers\":{},\"enqueuedAt\":1}";
	}

	static Stream<Arguments> damagedItems() {
		return Stream.of(Arguments.of("id is an object", "{\"id\":{\"a\":1},\"payload\":\"x\"}", "decode"),
				Arguments.of("id is an array", "{\"id\":[\"a\"],\"payload\":\"x\"}", "decode"),
				Arguments.of("id is a number", "{\"id\":7,\"payload\":\"x\"}", "decode"),
				Arguments.of("id is blank", "{\"id\":\" \",\"payload\":\"x\"}", "decode"),
				Arguments.of("header value is an object", "{\"id\":\"h\",\"payload\":\"x\",\"headers\":{\"k\":{\"a\":1}}}",
						"decode"),
				Arguments.of("header value is an array", "{\"id\":\"h\",\"payload\":\"x\",\"headers\":{\"k\":[1]}}",
						"decode"),
				Arguments.of("headers are an array", "{\"id\":\"h\",\"payload\":\"x\",\"headers\":[1]}", "decode"),
				Arguments.of("attempts is -1", "{\"id\":\"a\",\"payload\":\"poison\",\"attempts\":-1}", "decode"),
				Arguments.of("attempts is 999999", "{\"id\":\"a\",\"payload\":\"poison\",\"attempts\":999999}",
						"max-attempts"),
				Arguments.of("attempts is Integer.MAX_VALUE",
						"{\"id\":\"a\",\"payload\":\"poison\",\"attempts\":" + Integer.MAX_VALUE + "}", "decode"),
				Arguments.of("attempts is Long.MAX_VALUE",
						"{\"id\":\"a\",\"payload\":\"poison\",\"attempts\":" + Long.MAX_VALUE + "}", "decode"),
				Arguments.of("attempts is text", "{\"id\":\"a\",\"payload\":\"poison\",\"attempts\":\"3\"}", "decode"),
				Arguments.of("attempts is a fraction", "{\"id\":\"a\",\"payload\":\"poison\",\"attempts\":1.5}", "decode"),
				Arguments.of("payload is null", "{\"id\":\"p\",\"payload\":null}", "decode"),
				Arguments.of("enqueuedAt is text", "{\"id\":\"e\",\"payload\":\"x\",\"enqueuedAt\":\"yesterday\"}",
						"decode"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("damagedItems")
	void damagedItemIsDeadLetteredWithAReasonAndTheItemsAfterItFlow(String description, String item, String reason) {
		String queue = "it.hostile." + UUID.randomUUID();
		redis.commands().lpush(queue, envelope("before", "ok-before"), item, envelope("after", "ok-after"));
		try (LogCapture log = LogCapture.of("io.github.redismessaging")) {
			jobs(queue).run((context) -> {
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(processed.payloads)
					.containsExactlyInAnyOrderEntriesOf(Map.of("before", "ok-before", "after", "ok-after")));
				String dlq = "{" + queue + "}:dlq";
				await().atMost(Duration.ofSeconds(10)).until(() -> redis.commands().llen(dlq) == 1);
				QueueEnvelope deadLetter = QueueEnvelope.read(redis.commands().lindex(dlq, 0).getBytes());
				assertThat(deadLetter.headers()).containsEntry(DeadLetterFields.REASON, reason).containsEntry(DeadLetterFields.LISTENER, "jobs");
				if (reason.equals("decode")) {
					assertThat(new String(deadLetter.payload())).isEqualTo(item);
				}
				await().atMost(Duration.ofSeconds(5)).until(() -> redis.taken(queue).isEmpty()
						&& redis.commands().zcard("{" + queue + "}:leases") == 0);
				assertThat(redis.commands().llen(queue)).isZero();
				assertThat(log.lines()).as("one line for the damaged item").hasSize(1);
				assertThat(log.stackTraces()).isZero();
			});
		}
	}

	@Test
	void deadLetterListOfTheWrongTypeKeepsThePoisonLeasedUntilRepaired() {
		String queue = "it.hostile." + UUID.randomUUID();
		String dlq = "{" + queue + "}:dlq";
		redis.commands().sadd(dlq, "not a list");
		redis.commands().lpush(queue, envelope("before", "ok-before"), envelope("poison", "poison"),
				envelope("after", "ok-after"));
		try (LogCapture log = LogCapture.of("io.github.redismessaging")) {
			jobs(queue, "redis.messaging.listeners.jobs.max-attempts=1").run((context) -> {
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(processed.payloads).containsKeys("before", "after"));
				Processed attempts = context.getBean("attempts", Processed.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> attempts.count("poison") >= 1);
				await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
					.until(() -> isLeasedOrQueued(queue, "poison"));
				assertThat(redis.commands().smembers(dlq)).containsExactly("not a list");
				redis.commands().del(dlq);
				await().atMost(Duration.ofSeconds(15)).until(() -> redis.commands().llen(dlq) == 1);
				assertThat(QueueEnvelope.read(redis.commands().lindex(dlq, 0).getBytes()).id()).isEqualTo("poison");
				assertThat(processed.count("poison")).isZero();
			});
			assertThat(log.stackTraces()).isZero();
			assertThat(log.lines().size()).as("about one line per failed write cycle: " + log.lines()).isLessThan(10);
		}
	}

	@Test
	void delayedSetOfTheWrongTypeKeepsTheItemUntilItIsDeadLettered() {
		String queue = "it.hostile." + UUID.randomUUID();
		String delayed = "{" + queue + "}:delayed";
		redis.commands().set(delayed, "not a sorted set");
		redis.commands().lpush(queue, envelope("poison", "poison"), envelope("after", "ok-after"));
		try (LogCapture log = LogCapture.of("io.github.redismessaging")) {
			jobs(queue, "redis.messaging.listeners.jobs.max-attempts=3").run((context) -> {
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(processed.payloads).containsKey("after"));
				String dlq = "{" + queue + "}:dlq";
				await().atMost(Duration.ofSeconds(30)).until(() -> redis.commands().llen(dlq) == 1);
				assertThat(QueueEnvelope.read(redis.commands().lindex(dlq, 0).getBytes()).id()).isEqualTo("poison");
				assertThat(context.getBean("attempts", Processed.class).count("poison")).isEqualTo(3);
				assertThat(redis.commands().get(delayed)).isEqualTo("not a sorted set");
			});
			assertThat(log.stackTraces()).isZero();
		}
	}

	@Test
	void queueOfTheWrongTypeIsLeftAloneAndConsumedOnceRepaired() {
		String queue = "it.hostile." + UUID.randomUUID();
		redis.commands().hset(queue, "field", "value");
		try (LogCapture log = LogCapture.of("io.github.redismessaging")) {
			jobs(queue).run((context) -> {
				var container = context.getBean(RedisListenerRegistry.class).container("jobs").orElseThrow();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> String.valueOf(container.status().lastError()).contains("WRONGTYPE"));
				assertThat(redis.commands().hgetall(queue)).containsExactly(Map.entry("field", "value"));
				redis.commands().del(queue);
				redis.commands().lpush(queue, envelope("after", "ok-after"));
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(processed.payloads).containsKey("after"));
			});
			assertThat(log.stackTraces()).isZero();
		}
	}

	@Test
	void queueOfTheWrongTypeKeepsDueItemsInTheDelayedSetAndTakenItemsInTheirTake() {
		String queue = "it.hostile." + UUID.randomUUID();
		String delayed = envelope("delayed", "ok-delayed");
		String taken = envelope("taken", "ok-taken");
		redis.commands().zadd("{" + queue + "}:delayed", 0, delayed);
		redis.commands().rpush("{" + queue + "}:take:gone:1", taken);
		redis.commands().zadd("{" + queue + "}:leases", 0, "gone:1");
		redis.commands().hset(queue, "field", "value");
		try (LogCapture log = LogCapture.of("io.github.redismessaging")) {
			jobs(queue, "redis.messaging.listeners.jobs.max-attempts=5").run((context) -> {
				var container = context.getBean(RedisListenerRegistry.class).container("jobs").orElseThrow();
				await().atMost(Duration.ofSeconds(10)).until(() -> container.status().lastError() != null);
				await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
					.until(() -> redis.commands().zrange("{" + queue + "}:delayed", 0, -1).equals(List.of(delayed))
							&& redis.taken(queue).equals(List.of(taken)));
				assertThat(redis.commands().hgetall(queue)).containsExactly(Map.entry("field", "value"));
				assertThat(redis.commands().exists("{" + queue + "}:expiries")).isZero();
				redis.commands().del(queue);
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(15))
					.untilAsserted(() -> assertThat(processed.payloads.keySet()).containsExactlyInAnyOrder("delayed", "taken"));
				assertThat(redis.commands().llen("{" + queue + "}:dlq")).isZero();
			});
			assertThat(log.stackTraces()).isZero();
		}
	}

	static Stream<Arguments> damagedCompanions() {
		return Stream.of(Arguments.of("leases", "list"), Arguments.of("leases", "string"),
				Arguments.of("expiries", "list"), Arguments.of("expiries", "string"));
	}

	@ParameterizedTest(name = "companion {0} is a {1}")
	@MethodSource("damagedCompanions")
	void companionOfTheWrongTypeTakesNothingFromTheQueueUntilRepaired(String companion, String kind) {
		String queue = "it.hostile." + UUID.randomUUID();
		String key = "{" + queue + "}:" + companion;
		if (kind.equals("list")) {
			redis.commands().lpush(key, "damaged");
		}
		else {
			redis.commands().set(key, "damaged");
		}
		List<String> items = List.of(envelope("one", "ok-1"), envelope("two", "ok-2"), envelope("three", "ok-3"));
		redis.commands().lpush(queue, items.toArray(String[]::new));
		jobs(queue).run((context) -> {
			var container = context.getBean(RedisListenerRegistry.class).container("jobs").orElseThrow();
			await().atMost(Duration.ofSeconds(10)).until(() -> container.status().lastError() != null);
			assertThat(redis.commands().lrange(queue, 0, -1)).containsExactlyInAnyOrderElementsOf(items);
			redis.commands().del(key);
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(processed.payloads.keySet()).containsExactlyInAnyOrder("one", "two", "three"));
		});
	}

	@Test
	void expiryCountThatIsNotANumberIsCountedAfresh() {
		String queue = "it.hostile." + UUID.randomUUID();
		String item = envelope("stale", "ok-stale");
		redis.commands().rpush("{" + queue + "}:take:stale:9", item);
		redis.commands().zadd("{" + queue + "}:leases", 0, "stale:9");
		redis.commands().hset("{" + queue + "}:expiries", sha1(item), "not a number");
		jobs(queue).run((context) -> {
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(processed.payloads).containsKey("stale"));
			await().atMost(Duration.ofSeconds(5)).until(() -> redis.commands().hlen("{" + queue + "}:expiries") == 0);
		});
	}

	private static boolean isLeasedOrQueued(String queue, String id) {
		return redis.taken(queue).stream().anyMatch((item) -> item.contains("\"" + id + "\""))
				|| redis.commands().lrange(queue, 0, -1).stream().anyMatch((item) -> item.contains("\"" + id + "\""));
	}

	private static String sha1(String text) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes()));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Entries and companion keys written by hand into a stream a group consumes: a poison entry with thousands of fields,
 * and a dead-letter key of the wrong type. Neither stops pending recovery: the entries after them flow, and nothing
 * is acknowledged that was not dead-lettered.
 */
class StreamHostileInputIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	private static ApplicationContextRunner text(String stream) {
		return MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g",
					"redis.messaging.listeners.text.max-deliveries=2",
					"redis.messaging.listeners.text.claim-min-idle=200ms",
					"redis.messaging.listeners.text.claim-interval=200ms");
	}

	@Test
	void poisonEntryWithThousandsOfFieldsIsDeadLetteredAndTheEntriesAfterItFlow() {
		String stream = "it.hostile." + UUID.randomUUID();
		text(stream).run((context) -> {
			Map<String, String> fields = new LinkedHashMap<>();
			fields.put("payload", "poison-wide");
			for (int i = 0; i < 5_000; i++) {
				fields.put("f" + i, "v");
			}
			String wide = redis.commands().xadd(stream, fields);
			String ok = redis.add(stream, "ok");
			String dlq = "{" + stream + "}:dlq";
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> redis.commands().xlen(dlq) == 1 && redis.pending(stream, "g") == 0);
			assertThat(processed.count(ok)).isEqualTo(1);
			assertThat(redis.all(dlq).get(0).getBody()).containsEntry(DeadLetterFields.SOURCE_ID, wide)
				.containsEntry(DeadLetterFields.REASON, DeadLetterFields.REASON_MAX_DELIVERIES);
			assertThat(redis.commands().xlen(stream)).as("the entry stays in its stream").isEqualTo(2);
		});
	}

	@Test
	void deadLetterKeyOfTheWrongTypeKeepsThePoisonPendingUntilItIsFixed() {
		String stream = "it.hostile." + UUID.randomUUID();
		String dlq = "{" + stream + "}:dlq";
		redis.commands().set(dlq, "not a stream");
		text(stream).run((context) -> {
			String poison = redis.add(stream, "poison-1");
			String ok = redis.add(stream, "ok");
			Processed attempts = context.getBean("attempts", Processed.class);
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> processed.count(ok) == 1 && attempts.count(poison) == 2);
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
				.until(() -> redis.pending(stream, "g") == 1);
			assertThat(redis.commands().get(dlq)).isEqualTo("not a stream");
			redis.commands().del(dlq);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> redis.commands().xlen(dlq) == 1 && redis.pending(stream, "g") == 0);
			assertThat(redis.all(dlq).get(0).getBody()).containsEntry(DeadLetterFields.SOURCE_ID, poison);
		});
	}


	@Test
	void failuresHashOfTheWrongTypeDoesNotStopPendingRecovery() {
		String stream = "it.hostile." + UUID.randomUUID();
		redis.commands().set("{" + stream + "}:failures", "not a hash");
		text(stream).run((context) -> {
			String poison = redis.add(stream, "poison-1");
			String ok = redis.add(stream, "ok");
			String dlq = "{" + stream + "}:dlq";
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> processed.count(ok) == 1
					&& redis.commands().xlen(dlq) == 1 && redis.pending(stream, "g") == 0);
			assertThat(redis.all(dlq).get(0).getBody()).containsEntry(DeadLetterFields.SOURCE_ID, poison);
			assertThat(redis.commands().get("{" + stream + "}:failures")).isEqualTo("not a hash");
		});
	}

	@Test
	void groupDestroyedWhileRunningIsCreatedAgainAndNewEntriesFlow() {
		String stream = "it.hostile." + UUID.randomUUID();
		text(stream).run((context) -> {
			Processed processed = context.getBean("processed", Processed.class);
			String first = redis.add(stream, "first");
			await().atMost(Duration.ofSeconds(10)).until(() -> processed.count(first) == 1);
			redis.commands().xgroupDestroy(stream, "g");
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
				redis.add(stream, "after");
				return processed.payloads.containsValue("after");
			});
		});
	}

}

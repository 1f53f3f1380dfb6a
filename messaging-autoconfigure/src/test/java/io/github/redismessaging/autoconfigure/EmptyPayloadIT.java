package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.queue.QueueEnvelope;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An empty payload, written by another tool: a stream entry without a {@code payload} field
 * ({@code XADD orders * foo bar}), a stream entry with an empty one, an empty queue item ({@code LPUSH q ''}). A
 * {@code String} listener receives {@code ""}; for any other payload type it is a decode failure, dead-lettered
 * after its first delivery with reason {@code decode} and one WARN line.
 */
class EmptyPayloadIT {

	private static final Duration CLAIM_INTERVAL = Duration.ofSeconds(2);

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void stringListenersReceiveAnEmptyString() {
		String stream = "it.empty." + UUID.randomUUID();
		String queue = "it.empty." + UUID.randomUUID();
		MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class, QueueTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g", "test.queues=" + queue)
			.run((context) -> {
				String noField = redis.commands().xadd(stream, Map.of("foo", "bar"));
				String emptyField = redis.add(stream, "");
				redis.commands().lpush(queue, "");
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(processed.payloads)
					.containsExactlyInAnyOrderEntriesOf(Map.of(noField, "", emptyField, "", "raw:1", "")));
				await().atMost(Duration.ofSeconds(5)).until(() -> redis.pending(stream, "g") == 0);
				assertThat(redis.commands().exists("{" + stream + "}:dlq", "{" + queue + "}:dlq")).isZero();
				assertThat(redis.commands().llen(queue)).isZero();
			});
	}

	@Test
	void streamEntryWithoutPayloadForATypedListenerIsDeadLetteredWithinOneClaimIntervalWithOneWarnLine() {
		String stream = "it.empty." + UUID.randomUUID();
		String dlq = "{" + stream + "}:dlq";
		try (LogCapture log = LogCapture.of("io.github.redismessaging")) {
			MessagingContextRunners.standalone()
				.withUserConfiguration(StreamTestListeners.Typed.class)
				.withPropertyValues("test.stream=" + stream,
						"redis.messaging.listeners.typed.claim-interval=" + CLAIM_INTERVAL.toMillis() + "ms")
				.run((context) -> {
					String noField = redis.commands().xadd(stream, Map.of("foo", "bar"));
					String emptyField = redis.add(stream, "");
					await().atMost(CLAIM_INTERVAL).until(() -> redis.commands().xlen(dlq) == 2);
					Map<String, Map<String, String>> deadLetters = new HashMap<>();
					redis.all(dlq)
						.forEach((entry) -> deadLetters.put(entry.getBody().get(DeadLetterFields.SOURCE_ID), entry.getBody()));
					assertThat(deadLetters.get(noField)).containsEntry("foo", "bar")
						.containsEntry(DeadLetterFields.REASON, "decode")
						.containsEntry(DeadLetterFields.DELIVERIES, "1")
						.doesNotContainKey("payload");
					assertThat(deadLetters.get(emptyField)).containsEntry("payload", "")
						.containsEntry(DeadLetterFields.REASON, "decode");
					assertThat(deadLetters.get(noField).get(DeadLetterFields.EXCEPTION)).contains("The payload is empty");
					await().atMost(Duration.ofSeconds(5)).until(() -> redis.pending(stream, "g") == 0);
					assertThat(context.getBean("processed", Processed.class).payloads).isEmpty();
					assertThat(log.lines()).hasSize(2)
						.allSatisfy((line) -> assertThat(line).startsWith("WARN").contains("(decode, 1 deliveries)"))
						.anySatisfy((line) -> assertThat(line).contains(noField))
						.anySatisfy((line) -> assertThat(line).contains(emptyField));
					assertThat(log.stackTraces()).isZero();
				});
		}
	}

	@Test
	void emptyQueueItemForATypedListenerIsDeadLetteredWithReasonDecode() {
		String queue = "it.empty." + UUID.randomUUID();
		String dlq = "{" + queue + "}:dlq";
		try (LogCapture log = LogCapture.of("io.github.redismessaging")) {
			MessagingContextRunners.standalone()
				.withUserConfiguration(QueueTestListeners.Typed.class)
				.withPropertyValues("test.queue=" + queue)
				.run((context) -> {
					redis.commands().lpush(queue, "");
					await().atMost(Duration.ofSeconds(5)).until(() -> redis.commands().llen(dlq) == 1);
					QueueEnvelope deadLetter = QueueEnvelope.read(redis.commands().lindex(dlq, 0).getBytes());
					assertThat(deadLetter.payload()).isEmpty();
					assertThat(deadLetter.headers()).containsEntry(DeadLetterFields.REASON, "decode")
						.containsEntry(DeadLetterFields.DELIVERIES, "1")
						.containsEntry(DeadLetterFields.LISTENER, "orders");
					assertThat(deadLetter.headers().get(DeadLetterFields.EXCEPTION)).contains("The payload is empty");
					await().atMost(Duration.ofSeconds(5)).until(() -> redis.taken(queue).isEmpty());
					assertThat(redis.commands().llen(queue)).isZero();
					assertThat(context.getBean("processed", Processed.class).payloads).isEmpty();
					assertThat(log.lines()).singleElement()
						.asString()
						.startsWith("WARN")
						.contains("(decode, 1 deliveries)");
					assertThat(log.stackTraces()).isZero();
				});
		}
	}

}

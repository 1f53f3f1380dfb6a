package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Payload;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.queue.QueueEnvelope;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures that a retry cannot fix: a {@code @Valid} payload that breaks its constraints (validated by Boot's
 * {@code Validator}) and an exception listed in {@code not-retryable} are dead-lettered after one delivery, while
 * other failures are still retried.
 */
class NotRetryableIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	private static final String REJECTED = Rejected.class.getName();

	@AfterAll
	static void close() {
		redis.close();
	}

	private static ApplicationContextRunner runner(String queue, String stream) {
		return MessagingContextRunners.standalone()
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(ValidatingListeners.class)
			.withPropertyValues("test.queue=" + queue, "test.stream=" + stream,
					"redis.messaging.queue.defaults.not-retryable=" + REJECTED,
					"redis.messaging.listeners.validQueue.max-attempts=2",
					"redis.messaging.listeners.validQueue.backoff.delay=50ms",
					"redis.messaging.listeners.validQueue.maintenance-interval=50ms",
					"redis.messaging.listeners.validStream.not-retryable=java.io.IOException," + REJECTED,
					"redis.messaging.listeners.validStream.max-deliveries=2",
					"redis.messaging.listeners.validStream.claim-min-idle=200ms",
					"redis.messaging.listeners.validStream.claim-interval=200ms");
	}

	@Test
	void invalidPayloadsAndNotRetryableExceptionsAreDeadLetteredAfterOneDelivery() {
		String queue = "it.notretryable." + UUID.randomUUID();
		String stream = "it.notretryable." + UUID.randomUUID();
		runner(queue, stream).run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			for (ValidOrder order : new ValidOrder[] { new ValidOrder("bad", 0), new ValidOrder("reject", 1),
					new ValidOrder("fail", 1), new ValidOrder("ok", 2) }) {
				template.enqueue(queue, order);
				template.append(stream, order);
			}
			String queueDlq = "{" + queue + "}:dlq";
			String streamDlq = "{" + stream + "}:dlq";
			await().atMost(Duration.ofSeconds(20)).until(() -> redis.commands().llen(queueDlq) == 3
					&& redis.commands().xlen(streamDlq) == 3);

			Map<String, Map<String, String>> queueDeadLetters = redis.commands()
				.lrange(queueDlq, 0, -1)
				.stream()
				.map((item) -> QueueEnvelope.read(item.getBytes()))
				.collect(Collectors.toMap((envelope) -> orderId(envelope.payload()), QueueEnvelope::headers));
			Map<String, Map<String, String>> streamDeadLetters = redis.all(streamDlq)
				.stream()
				.collect(Collectors.toMap((entry) -> orderId(entry.getBody().get("payload").getBytes()),
						(entry) -> entry.getBody()));
			assertDeadLetter(queueDeadLetters.get("bad"), "validation", "1");
			assertDeadLetter(streamDeadLetters.get("bad"), "validation", "1");
			assertThat(queueDeadLetters.get("bad").get(DeadLetterFields.EXCEPTION)).isEqualTo(
					"org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException: "
							+ "quantity: must be greater than or equal to 1");
			assertThat(streamDeadLetters.get("bad").get(DeadLetterFields.EXCEPTION)).endsWith(
					"quantity: must be greater than or equal to 1");
			assertDeadLetter(queueDeadLetters.get("reject"), "not-retryable", "1");
			assertDeadLetter(streamDeadLetters.get("reject"), "not-retryable", "1");
			assertThat(streamDeadLetters.get("reject").get(DeadLetterFields.EXCEPTION))
				.startsWith("java.lang.IllegalStateException: wrapped");
			assertDeadLetter(queueDeadLetters.get("fail"), "max-attempts", "2");
			assertDeadLetter(streamDeadLetters.get("fail"), "max-deliveries", "2");

			Processed attempts = context.getBean("attempts", Processed.class);
			for (String kind : new String[] { "queue:", "stream:" }) {
				assertThat(attempts.count(kind + "bad")).as(kind + "bad").isZero();
				assertThat(attempts.count(kind + "reject")).as(kind + "reject").isEqualTo(1);
				assertThat(attempts.count(kind + "fail")).as(kind + "fail").isEqualTo(2);
				assertThat(attempts.count(kind + "ok")).as(kind + "ok").isEqualTo(1);
			}
			assertThat(context.getBean("processed", Processed.class).payloads).containsOnlyKeys("queue:ok",
					"stream:ok");
		});
	}

	@Test
	void unknownNotRetryableClassFailsAtStartupNamingTheListener() {
		runner("never", "never").withPropertyValues("redis.messaging.queue.defaults.not-retryable=com.example.Nope")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ListenerConfigurationException.class)
				.hasMessageContaining("@QueueListener 'validQueue'")
				.hasMessageContaining("attribute 'notRetryable': class 'com.example.Nope' (from properties "
						+ "redis.messaging.queue.defaults.*) is not on the class path"));
		runner("never", "never")
			.withPropertyValues("redis.messaging.listeners.validStream.not-retryable=java.lang.String")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ListenerConfigurationException.class)
				.hasMessageContaining("@StreamListener 'validStream'")
				.hasMessageContaining("attribute 'notRetryable': 'java.lang.String'")
				.hasMessageContaining("is not an exception class"));
	}

	private static String orderId(byte[] json) {
		String text = new String(json);
		return text.replaceAll(".*\"id\":\"([^\"]*)\".*", "$1");
	}

	private static void assertDeadLetter(Map<String, String> fields, String reason, String deliveries) {
		assertThat(fields).as("dead letter").isNotNull();
		assertThat(fields).containsEntry(DeadLetterFields.REASON, reason).containsEntry(DeadLetterFields.DELIVERIES, deliveries);
	}

	record ValidOrder(@NotBlank String id, @Min(1) int quantity) {
	}

	static class Rejected extends RuntimeException {

		Rejected(String message) {
			super(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ValidatingListeners extends StreamTestListeners.Common {

		@Bean
		ValidatingListener validatingListener(Processed processed, Processed attempts) {
			return new ValidatingListener(processed, attempts);
		}

	}

	static class ValidatingListener {

		private final Processed processed;

		private final Processed attempts;

		ValidatingListener(Processed processed, Processed attempts) {
			this.processed = processed;
			this.attempts = attempts;
		}

		@QueueListener(id = "validQueue", queue = "${test.queue}")
		void onItem(@Valid @Payload ValidOrder order) {
			handle("queue:", order, new Rejected(order.id()));
		}

		@StreamListener(id = "validStream", stream = "${test.stream}", group = "g", start = "earliest")
		void onEntry(@Valid ValidOrder order) {
			// A cause counts too.
			handle("stream:", order, new IllegalStateException("wrapped", new Rejected(order.id())));
		}

		private void handle(String kind, ValidOrder order, RuntimeException rejection) {
			this.attempts.record(kind + order.id(), order.id());
			switch (order.id()) {
				case "reject" -> throw rejection;
				case "fail" -> throw new IllegalStateException("transient failure of " + order.id());
				default -> this.processed.record(kind + order.id(), order.id());
			}
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.DeadLetterCustomizer;
import io.github.redismessaging.listener.FailedMessage;
import io.github.redismessaging.queue.QueueEnvelope;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application's {@link DeadLetterCustomizer} adds fields to every dead letter and may send it to another key
 * in the source's hash slot; a key in another slot, or a customizer that throws, leaves the dead letter where it
 * would go without one.
 */
class DeadLetterCustomizerIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	private static ApplicationContextRunner runner(String queue, String stream) {
		return MessagingContextRunners.standalone()
			.withUserConfiguration(Customized.class)
			.withPropertyValues("test.queue=" + queue, "test.stream=" + stream,
					"redis.messaging.queue.defaults.max-attempts=2", "redis.messaging.queue.defaults.backoff.delay=50ms",
					"redis.messaging.queue.defaults.maintenance-interval=50ms",
					"redis.messaging.stream.defaults.max-deliveries=2",
					"redis.messaging.stream.defaults.claim-min-idle=200ms",
					"redis.messaging.stream.defaults.claim-interval=200ms");
	}

	@Test
	void deadLettersGetTheCustomizersFieldsAndGoWhereItSaysWithinTheSlot() {
		String queue = "it.dlc." + UUID.randomUUID();
		String stream = "it.dlc." + UUID.randomUUID();
		runner(queue, stream).run((context) -> {
			redis.commands().lpush(queue, "{\"id\":\"q-redirect\",\"payload\":\"redirect\"}",
					"{\"id\":\"q-elsewhere\",\"payload\":\"elsewhere\"}", "{\"id\":\"q-throw\",\"payload\":\"throw\"}");
			String redirected = redis.add(stream, "redirect");
			String elsewhere = redis.add(stream, "elsewhere");
			String queueFraud = "{" + queue + "}:fraud";
			String streamFraud = "{" + stream + "}:fraud";
			String queueDlq = "{" + queue + "}:dlq";
			String streamDlq = "{" + stream + "}:dlq";
			await().atMost(Duration.ofSeconds(20)).until(() -> redis.commands().llen(queueFraud) == 1
					&& redis.commands().llen(queueDlq) == 2 && redis.commands().xlen(streamFraud) == 1
					&& redis.commands().xlen(streamDlq) == 1);
			QueueEnvelope fraud = QueueEnvelope.read(redis.commands().lindex(queueFraud, 0).getBytes());
			assertThat(fraud.id()).isEqualTo("q-redirect");
			assertThat(fraud.headers()).containsEntry("tenant", "acme")
				.containsEntry(DeadLetterFields.REASON, DeadLetterFields.REASON_MAX_ATTEMPTS)
				.doesNotContainKey("dlq.forged");
			assertThat(redis.commands().lrange(queueDlq, 0, -1).stream().map((item) -> QueueEnvelope.read(item.getBytes())))
				.extracting(QueueEnvelope::id)
				.containsExactlyInAnyOrder("q-elsewhere", "q-throw");
			Map<String, String> streamDead = redis.all(streamFraud).get(0).getBody();
			assertThat(streamDead).containsEntry("tenant", "acme")
				.containsEntry(DeadLetterFields.SOURCE_ID, redirected)
				.containsEntry(DeadLetterFields.REASON, DeadLetterFields.REASON_MAX_DELIVERIES)
				.containsEntry(DeadLetterFields.DELIVERIES, "2");
			assertThat(streamDead.get(DeadLetterFields.EXCEPTION)).startsWith("java.lang.IllegalStateException");
			assertThat(redis.all(streamDlq).get(0).getBody()).containsEntry(DeadLetterFields.SOURCE_ID, elsewhere)
				.containsEntry("tenant", "acme");
			assertThat(redis.pending(stream, "g")).isZero();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Customized {

		@Bean
		DeadLetterCustomizer fraudRouting() {
			return new DeadLetterCustomizer() {

				@Override
				public Map<String, String> headers(FailedMessage message, String reason) {
					if (new String(message.payload()).equals("throw")) {
						throw new IllegalStateException("customizer failure");
					}
					return Map.of("tenant", "acme", "dlq.forged", "x");
				}

				@Override
				public @Nullable String destination(FailedMessage message, String reason) {
					return switch (new String(message.payload())) {
						case "redirect" -> "{" + message.destination() + "}:fraud";
						case "elsewhere" -> "another-slot-" + message.destination();
						default -> null;
					};
				}

			};
		}

		@Bean
		AlwaysFailing alwaysFailing() {
			return new AlwaysFailing();
		}

	}

	static class AlwaysFailing {

		@QueueListener(id = "failingQueue", queue = "${test.queue}")
		void onItem(String payload) {
			throw new IllegalStateException("cannot handle " + payload);
		}

		@StreamListener(id = "failingStream", stream = "${test.stream}", group = "g", start = "earliest")
		void onEntry(String payload) {
			throw new IllegalStateException("cannot handle " + payload);
		}

	}

}

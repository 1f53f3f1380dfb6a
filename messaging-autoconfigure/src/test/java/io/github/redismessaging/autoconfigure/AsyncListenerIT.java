package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.queue.QueueEnvelope;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners that return a {@link CompletionStage} or a {@link Mono}: the message is finished only once the result
 * has completed, and a failed or timed-out result is retried and dead-lettered like a thrown exception.
 */
class AsyncListenerIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	private static ApplicationContextRunner runner(String queue, String stream) {
		return MessagingContextRunners.standalone()
			.withUserConfiguration(AsyncListeners.class)
			.withPropertyValues("test.queue=" + queue, "test.stream=" + stream,
					"redis.messaging.listeners.asyncQueue.max-attempts=2",
					"redis.messaging.listeners.asyncQueue.backoff.delay=50ms",
					"redis.messaging.listeners.asyncQueue.maintenance-interval=50ms",
					"redis.messaging.listeners.asyncQueue.async-timeout=300ms",
					"redis.messaging.listeners.asyncStream.max-deliveries=2",
					"redis.messaging.listeners.asyncStream.claim-min-idle=200ms",
					"redis.messaging.listeners.asyncStream.claim-interval=200ms");
	}

	@Test
	void failedFutureFailedMonoAndTimedOutFutureAreRetriedThenDeadLettered() {
		String queue = "it.async." + UUID.randomUUID();
		String stream = "it.async." + UUID.randomUUID();
		runner(queue, stream).run((context) -> {
			List<String> failing = List.of("fail-future", "fail-mono", "hang");
			for (String payload : failing) {
				redis.commands().lpush(queue, "{\"id\":\"" + payload + "\",\"payload\":\"" + payload + "\"}");
				redis.add(stream, payload);
			}
			redis.commands().lpush(queue, "{\"id\":\"ok\",\"payload\":\"ok\"}");
			redis.add(stream, "ok");
			Processed attempts = context.getBean("attempts", Processed.class);
			String queueDlq = "{" + queue + "}:dlq";
			String streamDlq = "{" + stream + "}:dlq";
			await().atMost(Duration.ofSeconds(20)).until(() -> redis.commands().llen(queueDlq) == 3
					&& redis.commands().xlen(streamDlq) == 3);
			for (String payload : failing) {
				assertThat(attempts.count("queue:" + payload)).as(payload).isEqualTo(2);
				assertThat(attempts.count("stream:" + payload)).as(payload).isEqualTo(2);
			}
			assertThat(redis.commands().lrange(queueDlq, 0, -1).stream().map((item) -> QueueEnvelope.read(item.getBytes()))
				.map((envelope) -> envelope.id() + "=" + envelope.headers().get(DeadLetterFields.EXCEPTION)))
				.anySatisfy((line) -> assertThat(line).startsWith("hang=java.util.concurrent.TimeoutException"))
				.anySatisfy((line) -> assertThat(line).startsWith("fail-mono=java.lang.IllegalStateException"));
			assertThat(redis.all(streamDlq)).allSatisfy((entry) -> assertThat(entry.getBody()).containsEntry(DeadLetterFields.REASON,
					"max-deliveries"));
			Processed processed = context.getBean("processed", Processed.class);
			assertThat(processed.payloads).containsOnlyKeys("queue:ok", "stream:ok");
		});
	}

	@Test
	void successfulFutureFinishesTheMessageOnlyOnceItCompletes() {
		String queue = "it.async." + UUID.randomUUID();
		String stream = "it.async." + UUID.randomUUID();
		runner(queue, stream).withPropertyValues("redis.messaging.listeners.asyncQueue.async-timeout=30s",
				"redis.messaging.listeners.asyncStream.async-timeout=30s",
				"redis.messaging.listeners.asyncStream.claim-min-idle=30s").run((context) -> {
					redis.commands().lpush(queue, "{\"id\":\"later\",\"payload\":\"later\"}");
					redis.add(stream, "later");
					AsyncListener listeners = context.getBean(AsyncListener.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> listeners.pending.size() == 2);
					await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
						.until(() -> redis.taken(queue).size() == 1 && redis.pending(stream, "g") == 1);
					listeners.pending.values().forEach((future) -> future.complete(null));
					await().atMost(Duration.ofSeconds(5))
						.until(() -> redis.taken(queue).isEmpty() && redis.pending(stream, "g") == 0);
					assertThat(redis.commands().llen("{" + queue + "}:dlq")).isZero();
					assertThat(redis.commands().exists("{" + stream + "}:dlq")).isZero();
				});
	}

	@Test
	void unsupportedReturnTypeFailsAtStartupNamingTheMethod() {
		MessagingContextRunners.standalone()
			.withUserConfiguration(ReturnsString.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ListenerConfigurationException.class)
				.hasMessage("@QueueListener 'returnsString' (bean 'returnsString', method Handler.handle(String)): "
						+ "method returns java.lang.String, which @QueueListener cannot wait for; return void, "
						+ "CompletionStage<?> (CompletableFuture<?>) or Mono<?>: the message is acknowledged once the "
						+ "returned stage completes"));
	}

	@Configuration(proxyBeanMethods = false)
	static class AsyncListeners extends StreamTestListeners.Common {

		@Bean
		AsyncListener asyncListener(Processed processed, Processed attempts) {
			return new AsyncListener(processed, attempts);
		}

	}

	static class AsyncListener {

		final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

		private final Processed processed;

		private final Processed attempts;

		AsyncListener(Processed processed, Processed attempts) {
			this.processed = processed;
			this.attempts = attempts;
		}

		@QueueListener(id = "asyncQueue", queue = "${test.queue}")
		CompletableFuture<Void> onQueueItem(String payload) {
			return respond("queue:", payload);
		}

		@StreamListener(id = "asyncStream", stream = "${test.stream}", group = "g", start = "earliest",
				asyncTimeout = "300ms")
		Mono<Void> onStreamEntry(String payload) {
			return Mono.fromFuture(respond("stream:", payload));
		}

		private CompletableFuture<Void> respond(String kind, String payload) {
			this.attempts.record(kind + payload, payload);
			return switch (payload) {
				case "fail-future" -> CompletableFuture.failedFuture(new IllegalStateException("failed " + payload));
				case "fail-mono" -> Mono.<Void>error(new IllegalStateException("failed " + payload)).toFuture();
				case "hang" -> new CompletableFuture<>();
				case "later" -> this.pending.computeIfAbsent(kind + payload, (key) -> new CompletableFuture<>());
				default -> {
					this.processed.record(kind + payload, payload);
					yield CompletableFuture.completedFuture(null);
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReturnsString {

		@Bean
		Handler returnsString() {
			return new Handler();
		}

	}

	static class Handler {

		@QueueListener(id = "returnsString", queue = "never")
		String handle(String payload) {
			return payload;
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.ErrorAction;
import io.github.redismessaging.listener.FailedMessage;
import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.listener.RedisListenerErrorHandler;
import io.github.redismessaging.queue.QueueEnvelope;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link RedisListenerErrorHandler} decides for every failed call: dead-letter now, skip without a dead letter, or
 * the listener's failure path. It is chosen by name per listener, or is the application's only handler bean.
 */
class ErrorHandlerIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	private static ApplicationContextRunner runner(Class<?> configuration, String queue, String stream) {
		return MessagingContextRunners.standalone()
			.withUserConfiguration(configuration)
			.withPropertyValues("test.queue=" + queue, "test.stream=" + stream,
					"redis.messaging.queue.defaults.max-attempts=3", "redis.messaging.queue.defaults.backoff.delay=50ms",
					"redis.messaging.queue.defaults.maintenance-interval=50ms",
					"redis.messaging.stream.defaults.max-deliveries=3",
					"redis.messaging.stream.defaults.claim-min-idle=200ms",
					"redis.messaging.stream.defaults.claim-interval=200ms");
	}

	@Test
	void namedHandlerDeadLettersAfterOneDeliveryAndOtherListenersKeepTheirFailurePath() {
		String queue = "it.handler." + UUID.randomUUID();
		String stream = "it.handler." + UUID.randomUUID();
		runner(NamedHandlers.class, queue, stream).run((context) -> {
			redis.commands().lpush(queue, "{\"id\":\"q1\",\"payload\":\"fail\"}");
			redis.add(stream, "fail");
			redis.commands().lpush(queue + ".plain", "{\"id\":\"p1\",\"payload\":\"fail\"}");
			Processed attempts = context.getBean("attempts", Processed.class);
			String queueDlq = "{" + queue + "}:dlq";
			String streamDlq = "{" + stream + "}:dlq";
			String plainDlq = "{" + queue + ".plain}:dlq";
			await().atMost(Duration.ofSeconds(20)).until(() -> redis.commands().llen(queueDlq) == 1
					&& redis.commands().xlen(streamDlq) == 1 && redis.commands().llen(plainDlq) == 1);
			assertThat(attempts.count("queue:q1")).isEqualTo(1);
			assertThat(attempts.deliveries.keySet()).filteredOn((key) -> key.startsWith("stream:"))
				.singleElement()
				.satisfies((key) -> assertThat(attempts.count(key)).isEqualTo(1));
			assertThat(attempts.count("plain:p1")).as("no handler: the failure path").isEqualTo(3);
			QueueEnvelope dead = QueueEnvelope.read(redis.commands().lindex(queueDlq, 0).getBytes());
			assertThat(dead.headers()).containsEntry(DeadLetterFields.REASON, "error-handler");
			assertThat(dead.headers().get(DeadLetterFields.EXCEPTION)).startsWith("java.lang.IllegalStateException: cannot handle fail");
			assertThat(redis.all(streamDlq).get(0).getBody()).containsEntry(DeadLetterFields.REASON, "error-handler");
			assertThat(QueueEnvelope.read(redis.commands().lindex(plainDlq, 0).getBytes()).headers())
				.containsEntry(DeadLetterFields.REASON, "max-attempts");
			RecordingHandler handler = context.getBean("deadLetterNow", RecordingHandler.class);
			assertThat(handler.seen).containsExactlyInAnyOrder("QUEUE " + queue + " q1 attempt 1 fail",
					"STREAM " + stream + " " + redis.all(streamDlq).get(0).getBody().get(DeadLetterFields.SOURCE_ID)
							+ " attempt 1 fail");
		});
	}

	@Test
	void onlyHandlerBeanIsEveryListenersDefaultAndSkipsWithoutADeadLetter() {
		String queue = "it.handler." + UUID.randomUUID();
		String stream = "it.handler." + UUID.randomUUID();
		runner(OneHandler.class, queue, stream).run((context) -> {
			redis.commands().lpush(queue, "{\"id\":\"q1\",\"payload\":\"fail\"}", "{\"id\":\"q2\",\"payload\":\"ok\"}");
			redis.add(stream, "fail");
			redis.add(stream, "ok");
			Processed attempts = context.getBean("attempts", Processed.class);
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> processed.deliveries.size() == 2
					&& redis.commands().llen(queue) == 0 && redis.taken(queue).isEmpty()
					&& redis.pending(stream, "g") == 0 && context.getBean(RecordingHandler.class).seen.size() == 2);
			assertThat(attempts.count("queue:q1")).isEqualTo(1);
			assertThat(redis.commands().exists("{" + queue + "}:dlq", "{" + queue + "}:delayed",
					"{" + stream + "}:dlq")).isZero();
		});
	}

	@Test
	void handlerNameThatIsNoHandlerBeanFailsAtStartupListingTheHandlers() {
		runner(NamedHandlers.class, "q", "s").withPropertyValues("redis.messaging.listeners.handledQueue.error-handler=typo")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ListenerConfigurationException.class)
				.hasMessageContaining("@QueueListener 'handledQueue'")
				.hasMessageContaining("errorHandler")
				.hasMessageContaining("there is no bean 'typo' of type RedisListenerErrorHandler")
				.hasMessageContaining("the beans of that type are deadLetterNow, skipAll"));
	}

	/**
	 * One handler bean that skips everything: the default of every listener unless another handler is a bean too.
	 */
	static class SkippingHandler extends StreamTestListeners.Common {

		@Bean
		RecordingHandler skipAll() {
			return new RecordingHandler(ErrorAction.SKIP);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NamedHandlers extends SkippingHandler {

		@Bean
		RecordingHandler deadLetterNow() {
			return new RecordingHandler(ErrorAction.DEAD_LETTER);
		}

		@Bean
		FailingListeners failingListeners(Processed processed, Processed attempts) {
			return new FailingListeners(processed, attempts);
		}

		@Bean
		PlainListener plainListener(Processed attempts) {
			return new PlainListener(attempts);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OneHandler extends SkippingHandler {

		@Bean
		DefaultHandledListeners failingListeners(Processed processed, Processed attempts) {
			return new DefaultHandledListeners(processed, attempts);
		}

	}

	static class RecordingHandler implements RedisListenerErrorHandler {

		final List<String> seen = new CopyOnWriteArrayList<>();

		private final ErrorAction action;

		RecordingHandler(ErrorAction action) {
			this.action = action;
		}

		@Override
		public ErrorAction handle(FailedMessage message, Throwable failure) {
			this.seen.add(message.kind() + " " + message.destination() + " " + message.id() + " attempt "
					+ message.attempt() + " " + new String(message.payload()));
			return this.action;
		}

	}

	/**
	 * Fails on every payload but {@code ok}.
	 */
	static final class Failing {

		private final Processed processed;

		private final Processed attempts;

		Failing(Processed processed, Processed attempts) {
			this.processed = processed;
			this.attempts = attempts;
		}

		void handle(String key, String payload) {
			this.attempts.record(key, payload);
			if (!payload.equals("ok")) {
				throw new IllegalStateException("cannot handle " + payload);
			}
			this.processed.record(key, payload);
		}

	}

	static class FailingListeners {

		private final Failing failing;

		FailingListeners(Processed processed, Processed attempts) {
			this.failing = new Failing(processed, attempts);
		}

		@QueueListener(id = "handledQueue", queue = "${test.queue}", errorHandler = "deadLetterNow")
		void onItem(String payload, @Header(RedisHeaders.ID) String id) {
			this.failing.handle("queue:" + id, payload);
		}

		@StreamListener(id = "handledStream", stream = "${test.stream}", group = "g", start = "earliest",
				errorHandler = "deadLetterNow")
		void onEntry(String payload, @Header(RedisHeaders.ID) String id) {
			this.failing.handle("stream:" + id, payload);
		}

	}

	static class DefaultHandledListeners {

		private final Failing failing;

		DefaultHandledListeners(Processed processed, Processed attempts) {
			this.failing = new Failing(processed, attempts);
		}

		@QueueListener(id = "defaultQueue", queue = "${test.queue}")
		void onItem(String payload, @Header(RedisHeaders.ID) String id) {
			this.failing.handle("queue:" + id, payload);
		}

		@StreamListener(id = "defaultStream", stream = "${test.stream}", group = "g", start = "earliest")
		void onEntry(String payload, @Header(RedisHeaders.ID) String id) {
			this.failing.handle("stream:" + id, payload);
		}

	}

	static class PlainListener {

		private final Processed attempts;

		PlainListener(Processed attempts) {
			this.attempts = attempts;
		}

		@QueueListener(id = "plainQueue", queue = "${test.queue}.plain")
		void onItem(String payload, @Header(RedisHeaders.ID) String id) {
			this.attempts.record("plain:" + id, payload);
			throw new IllegalStateException("cannot handle " + payload);
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.listener.BatchListenerFailedException;
import io.github.redismessaging.metrics.DefaultRedisListenerObservationConvention;
import io.github.redismessaging.metrics.DefaultRedisTemplateObservationConvention;
import io.github.redismessaging.metrics.RedisListenerObservationConvention;
import io.github.redismessaging.metrics.RedisMessageReceiverContext;
import io.github.redismessaging.metrics.RedisMessageSenderContext;
import io.github.redismessaging.metrics.RedisTemplateObservationConvention;
import io.github.redismessaging.publish.RedisMessagingTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One timing path per handled message, for each kind of listener: with observations on, the observation's timer
 * {@code redis.messaging.process} (made by the meter handler) is the only one; with them off, the plain timer of the
 * same name, and no observation is started. Three messages succeed and one fails; the stream listener retries the
 * failing one in process, which still counts as one handled message. A batch listener's messages are timed one by
 * one too.
 */
class ProcessTimingIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final String PROCESS = "redis.messaging.process";

	@ParameterizedTest
	@ValueSource(strings = { "stream", "queue", "pubsub", "stream-batch", "queue-batch" })
	void withObservationsOnTheObservationIsTheOnlyTimer(String kind) {
		runner(kind).run((context) -> {
			handleFourMessages(context, kind);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			String listener = listenerId(kind);
			assertThat(meters.find("redis.messaging.listener").meters()).isEmpty();
			// No plain timer beside the observation's: every timer of the name has the observation's keys.
			assertThat(meters.find(PROCESS).timers())
				.allSatisfy((timer) -> assertThat(timer.getId().getTag("messaging.system")).isEqualTo("redis"));
			Timer failed = meters.get(PROCESS).tag("listener", listener).tag("outcome", "failure").timer();
			assertThat(failed.count()).isEqualTo(1);
			assertThat(failed.getId().getTag("error")).isEqualTo("IllegalStateException");
			Timer succeeded = meters.get(PROCESS).tag("listener", listener).tag("outcome", "success").timer();
			assertThat(succeeded.count()).isEqualTo(3);
			assertThat(succeeded.getId().getTag("kind")).isEqualTo(kind.replace("-batch", ""));
			assertThat(succeeded.getId().getTag("messaging.operation")).isEqualTo("process");
			assertThat(succeeded.getId().getTag("messaging.destination.name"))
				.isEqualTo(succeeded.getId().getTag("destination"));
			assertThat(succeeded.getId().getTag("error")).isEqualTo("none");
			assertThat(context.getBean(StartedObservations.class).listener.get()).isEqualTo(4);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "stream", "queue", "pubsub", "stream-batch", "queue-batch" })
	void withObservationsOffThePlainTimerIsTheOnlyTimerAndNoObservationStarts(String kind) {
		runner(kind).withPropertyValues("redis.messaging.observation-enabled=false").run((context) -> {
			handleFourMessages(context, kind);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			String listener = listenerId(kind);
			assertThat(meters.find("redis.messaging.listener").meters()).isEmpty();
			assertThat(meters.find(PROCESS).tagKeys("messaging.system").timers()).isEmpty();
			assertThat(meters.get(PROCESS).tag("listener", listener).tag("outcome", "failure").timer().count())
				.isEqualTo(1);
			assertThat(meters.get(PROCESS).tag("listener", listener).tag("outcome", "success").timer().count())
				.isEqualTo(3);
			StartedObservations started = context.getBean(StartedObservations.class);
			assertThat(started.listener.get()).isZero();
			assertThat(started.all.get()).isZero();
		});
	}

	@Test
	void conventionBeansReplaceTheDefaultOnes() {
		runner("stream").withBean(RedisListenerObservationConvention.class, TeamListenerConvention::new)
			.withBean(RedisTemplateObservationConvention.class, TeamTemplateConvention::new)
			.run((context) -> {
				handleFourMessages(context, "stream");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get(PROCESS).tag("team", "payments").tag("outcome", "success").timer().count())
					.isEqualTo(3);
				assertThat(meters.get(PROCESS).tag("team", "payments").tag("outcome", "failure").timer().count())
					.isEqualTo(1);
				assertThat(meters.get("redis.messaging.send").tag("team", "payments").tag("kind", "stream").timer()
					.count()).isEqualTo(4);
			});
	}

	private static ApplicationContextRunner runner(String kind) {
		String name = "it.timing." + UUID.randomUUID();
		ApplicationContextRunner runner = MessagingContextRunners.standalone()
			.withUserConfiguration(Observed.class, listeners(kind))
			.withPropertyValues("test.destination=" + name);
		return switch (kind) {
			case "stream" -> runner.withPropertyValues("redis.messaging.listeners.timedStream.retries=1",
					"redis.messaging.listeners.timedStream.backoff.delay=20ms");
			case "queue" -> runner.withPropertyValues("redis.messaging.listeners.timedQueue.max-attempts=1");
			case "queue-batch" -> runner.withPropertyValues("redis.messaging.listeners.timedQueueBatch.max-attempts=1");
			default -> runner;
		};
	}

	/**
	 * Sends three messages that succeed and one that fails, and waits until the listener has handled all four and
	 * the timers count them; then makes sure no further sample arrives.
	 */
	private static void handleFourMessages(AssertableApplicationContext context, String kind)
			throws InterruptedException {
		RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
		String destination = context.getEnvironment().getProperty("test.destination");
		switch (kind) {
			case "stream", "stream-batch" -> {
				for (String payload : new String[] { "ok-1", "poison", "ok-2", "ok-3" }) {
					template.append(destination, payload);
				}
			}
			case "queue", "queue-batch" -> {
				for (String payload : new String[] { "ok-1", "poison", "ok-2", "ok-3" }) {
					template.enqueue(destination, payload);
				}
			}
			default -> {
				// Published before the subscription is confirmed, a message reaches nobody and is not handled.
				await().atMost(TIMEOUT).until(() -> template.publish(destination, "ok-1") == 1);
				for (String payload : new String[] { "poison", "ok-2", "ok-3" }) {
					assertThat(template.publish(destination, payload)).isEqualTo(1);
				}
			}
		}
		Calls calls = context.getBean(Calls.class);
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		await().atMost(TIMEOUT).until(() -> calls.handled(kind) == 4 && processCount(meters) == 4);
		Thread.sleep(300);
		assertThat(processCount(meters)).isEqualTo(4);
		// The stream listener was called five times: the failing entry was retried once, in the same handling.
		assertThat(calls.calls(kind)).isEqualTo("stream".equals(kind) ? 5 : 4);
	}

	/** The sum of the counts of every timer of the name: one per handled message. */
	private static long processCount(MeterRegistry meters) {
		return meters.find(PROCESS).timers().stream().mapToLong(Timer::count).sum();
	}

	private static String listenerId(String kind) {
		return switch (kind) {
			case "stream" -> "timedStream";
			case "queue" -> "timedQueue";
			case "stream-batch" -> "timedStreamBatch";
			case "queue-batch" -> "timedQueueBatch";
			default -> "timedSub";
		};
	}

	private static Class<?> listeners(String kind) {
		return switch (kind) {
			case "stream" -> StreamListeners.class;
			case "queue" -> QueueListeners.class;
			case "stream-batch" -> StreamBatchListener.class;
			case "queue-batch" -> QueueBatchListener.class;
			default -> SubscriberListeners.class;
		};
	}

	/**
	 * An observation registry as Boot's Actuator configures one: a meter handler records observations as timers.
	 * Beside it, a handler counts the observations that start.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Observed {

		@Bean
		StartedObservations startedObservations() {
			return new StartedObservations();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meters, StartedObservations started) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new DefaultMeterObservationHandler(meters))
				.observationHandler(started);
			return registry;
		}

		@Bean
		Calls calls() {
			return new Calls();
		}

	}

	static final class TeamListenerConvention extends DefaultRedisListenerObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(RedisMessageReceiverContext context) {
			return super.getLowCardinalityKeyValues(context).and("team", "payments");
		}

	}

	static final class TeamTemplateConvention extends DefaultRedisTemplateObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(RedisMessageSenderContext context) {
			return super.getLowCardinalityKeyValues(context).and("team", "payments");
		}

	}

	static final class StartedObservations implements ObservationHandler<Observation.Context> {

		final AtomicInteger all = new AtomicInteger();

		final AtomicInteger listener = new AtomicInteger();

		@Override
		public void onStart(Observation.Context context) {
			this.all.incrementAndGet();
			if (PROCESS.equals(context.getName())) {
				this.listener.incrementAndGet();
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	/**
	 * What the listeners were called with, per kind: every call, and the messages they finished with (an
	 * exception included).
	 */
	static final class Calls {

		private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

		void on(String kind, String payload, boolean lastAttempt) {
			this.calls.computeIfAbsent(kind, (key) -> new AtomicInteger()).incrementAndGet();
			if (!"poison".equals(payload) || lastAttempt) {
				this.handled.computeIfAbsent(kind, (key) -> new AtomicInteger()).incrementAndGet();
			}
			if ("poison".equals(payload)) {
				throw new IllegalStateException("cannot handle " + payload);
			}
		}

		int calls(String kind) {
			AtomicInteger count = this.calls.get(kind);
			return (count != null) ? count.get() : 0;
		}

		int handled(String kind) {
			AtomicInteger count = this.handled.get(kind);
			return (count != null) ? count.get() : 0;
		}

	}

	static class StreamListeners {

		private final Calls calls;

		private final AtomicInteger poisonAttempts = new AtomicInteger();

		StreamListeners(Calls calls) {
			this.calls = calls;
		}

		@StreamListener(id = "timedStream", stream = "${test.destination}", group = "g", start = "earliest")
		void on(String payload) {
			boolean lastAttempt = !"poison".equals(payload) || this.poisonAttempts.incrementAndGet() == 2;
			this.calls.on("stream", payload, lastAttempt);
		}

	}

	static class QueueListeners {

		private final Calls calls;

		QueueListeners(Calls calls) {
			this.calls = calls;
		}

		@QueueListener(id = "timedQueue", queue = "${test.destination}")
		void on(String payload) {
			this.calls.on("queue", payload, true);
		}

	}

	/**
	 * Batch listeners name the element they failed on: the elements before it succeeded, the call goes on with the
	 * ones after it.
	 */
	static void onBatch(Calls calls, String kind, List<String> payloads) {
		for (int i = 0; i < payloads.size(); i++) {
			try {
				calls.on(kind, payloads.get(i), true);
			}
			catch (IllegalStateException ex) {
				throw new BatchListenerFailedException("element " + i + " failed", ex, i);
			}
		}
	}

	static class StreamBatchListener {

		private final Calls calls;

		StreamBatchListener(Calls calls) {
			this.calls = calls;
		}

		@StreamListener(id = "timedStreamBatch", stream = "${test.destination}", group = "g", start = "earliest")
		void on(List<String> payloads) {
			onBatch(this.calls, "stream-batch", payloads);
		}

	}

	static class QueueBatchListener {

		private final Calls calls;

		QueueBatchListener(Calls calls) {
			this.calls = calls;
		}

		@QueueListener(id = "timedQueueBatch", queue = "${test.destination}")
		void on(List<String> payloads) {
			onBatch(this.calls, "queue-batch", payloads);
		}

	}

	static class SubscriberListeners {

		private final Calls calls;

		SubscriberListeners(Calls calls) {
			this.calls = calls;
		}

		@RedisSubscriber(id = "timedSub", channels = "${test.destination}")
		void on(String payload) {
			this.calls.on("pubsub", payload, true);
		}

	}

}

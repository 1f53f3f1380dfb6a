package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.MeterNotFoundException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Observations carry a trace context from the template through stream and queue headers to the listener, as
 * Micrometer Tracing's propagating handlers do.
 */
class ObservationIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void traceContextTravelsThroughStreamsAndQueues() {
		String stream = "it.obs." + UUID.randomUUID();
		String queue = "it.obs." + UUID.randomUUID();
		PropagatingHandler handler = new PropagatingHandler();
		MessagingContextRunners.standalone()
			.withBean(ObservationRegistry.class, () -> observedBy(handler))
			.withUserConfiguration(StreamTestListeners.Text.class, QueueTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g", "test.queues=" + queue)
			.run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				template.append(stream, "traced");
				template.enqueue(queue, "traced");
				assertThat(redis.all(stream).get(0).getBody()).containsEntry("h.traceparent", "trace-1");
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(handler.received).contains("stream:trace-1", "queue:trace-2"));
				assertThat(handler.messagingKeys).contains("stream:redis,process," + stream,
						"queue:redis,process," + queue);
			});
	}

	@Test
	void observationsCanBeSwitchedOffWithoutLosingTheMeters() {
		String stream = "it.obs.off." + UUID.randomUUID();
		PropagatingHandler handler = new PropagatingHandler();
		MessagingContextRunners.standalone()
			.withBean(ObservationRegistry.class, () -> observedBy(handler))
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g", "redis.messaging.observation-enabled=false")
			.run((context) -> {
				context.getBean(RedisMessagingTemplate.class).append(stream, "untraced");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10))
					.ignoreException(MeterNotFoundException.class)
					.untilAsserted(() -> assertThat(meters.get("redis.messaging.process").tag("outcome", "success")
						.timer()
						.count()).isEqualTo(1));
				assertThat(handler.started).isZero();
				assertThat(redis.all(stream).get(0).getBody()).doesNotContainKey("h.traceparent");
			});
	}

	private static ObservationRegistry observedBy(PropagatingHandler handler) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(handler);
		return observations;
	}

	/**
	 * Stands in for Micrometer Tracing: writes a trace id into every sent message and records what listeners
	 * receive.
	 */
	static final class PropagatingHandler implements ObservationHandler<Observation.Context> {

		final List<String> received = new CopyOnWriteArrayList<>();

		final List<String> messagingKeys = new CopyOnWriteArrayList<>();

		private int sent;

		volatile int started;

		@Override
		@SuppressWarnings({ "unchecked", "rawtypes" })
		public void onStart(Observation.Context context) {
			this.started++;
			if (context instanceof SenderContext sender) {
				sender.getSetter().set(sender.getCarrier(), "traceparent", "trace-" + (++this.sent));
			}
			else if (context instanceof ReceiverContext receiver) {
				Object carrier = receiver.getCarrier();
				String kind = ((Map<String, ?>) carrier).containsKey("redis_stream") ? "stream" : "queue";
				this.received.add(kind + ":" + receiver.getGetter().get(carrier, "traceparent"));
				this.messagingKeys.add(kind + ":" + receiver.getLowCardinalityKeyValue("messaging.system").getValue() + ","
						+ receiver.getLowCardinalityKeyValue("messaging.operation").getValue() + ","
						+ receiver.getLowCardinalityKeyValue("messaging.destination.name").getValue());
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}

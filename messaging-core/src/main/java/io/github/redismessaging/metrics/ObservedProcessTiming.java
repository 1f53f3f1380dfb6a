package io.github.redismessaging.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.metrics.ListenerMetrics.Outcome;

/**
 * Times handling with one {@link RedisMessagingObservation#LISTENER} observation per message, while observations
 * are on: the meter handler's timer is the only timing, tagged with the outcome set on the context before stop.
 */
final class ObservedProcessTiming implements ProcessTiming {

	private static final DefaultRedisListenerObservationConvention DEFAULT_CONVENTION =
			new DefaultRedisListenerObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable RedisListenerObservationConvention convention;

	private final String kind;

	private final String listenerId;

	private final Map<String, ListenerKeyValues> keyValues = new ConcurrentHashMap<>();

	ObservedProcessTiming(ObservationRegistry registry, @Nullable RedisListenerObservationConvention convention,
			String kind, String listenerId) {
		this.registry = registry;
		this.convention = convention;
		this.kind = kind;
		this.listenerId = listenerId;
	}

	@Override
	public Sample start(String destination, Map<String, ?> headers) {
		RedisMessageReceiverContext context = new RedisMessageReceiverContext(this.kind, this.listenerId,
				destination, headers, keyValues(destination));
		Observation observation = RedisMessagingObservation.LISTENER
			.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		return new ObservedSample(observation, context);
	}

	private ListenerKeyValues keyValues(String destination) {
		ListenerKeyValues keyValues = this.keyValues.get(destination);
		return (keyValues != null) ? keyValues : this.keyValues.computeIfAbsent(destination,
				(name) -> new ListenerKeyValues(this.kind, this.listenerId, name));
	}

	private static final class ObservedSample implements Sample {

		private final Observation observation;

		private final RedisMessageReceiverContext context;

		private @Nullable Throwable failure;

		private boolean stopped;

		ObservedSample(Observation observation, RedisMessageReceiverContext context) {
			this.observation = observation;
			this.context = context;
		}

		@Override
		public Observation.Scope openScope() {
			return this.observation.openScope();
		}

		@Override
		public void failed(Throwable failure) {
			this.failure = failure;
		}

		@Override
		public void stop(Outcome outcome) {
			if (this.stopped) {
				return;
			}
			this.stopped = true;
			this.context.setOutcome(outcome);
			if (outcome != Outcome.SUCCESS && this.failure != null) {
				this.observation.error(this.failure);
			}
			this.observation.stop();
		}

	}

}

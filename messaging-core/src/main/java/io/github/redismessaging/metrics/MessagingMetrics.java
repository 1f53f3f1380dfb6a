package io.github.redismessaging.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import io.github.redismessaging.listener.ListenerKind;

/**
 * Creates the Micrometer meters of each listener. Meter names:
 * <ul>
 * <li>{@code redis.messaging.received} (counter): messages taken from Redis;</li>
 * <li>{@code redis.messaging.process} (timer, tag {@code outcome} = {@code success}, {@code failure} or
 * {@code decode-failure}): handled messages and how long the listener took;</li>
 * <li>{@code redis.messaging.dropped} (counter): pub/sub messages dropped because the listener's buffer was
 * full.</li>
 * </ul>
 * Every meter is tagged {@code kind}, {@code listener} and {@code destination} (the subscribed channel or
 * pattern, the stream or the queue: never an unbounded value).
 */
public interface MessagingMetrics {

	/**
	 * The meters of one listener.
	 * @param kind the listener kind
	 * @param listenerId the listener id
	 * @return the listener's meters
	 */
	ListenerMetrics listener(ListenerKind kind, String listenerId);

	/**
	 * The observations around handling messages.
	 * @return the observations, recording nothing by default
	 */
	default MessagingObservations observations() {
		return MessagingObservations.none();
	}

	/**
	 * Metrics recorded in a meter registry, and observations in an observation registry.
	 * @param meters the meter registry
	 * @param observations the observation registry
	 * @return the metrics
	 */
	static MessagingMetrics of(MeterRegistry meters, ObservationRegistry observations) {
		MessagingObservations messagingObservations = new MessagingObservations(observations);
		return new MessagingMetrics() {

			@Override
			public ListenerMetrics listener(ListenerKind kind, String listenerId) {
				return new MicrometerListenerMetrics(meters, kind, listenerId);
			}

			@Override
			public MessagingObservations observations() {
				return messagingObservations;
			}

		};
	}

	/**
	 * Metrics recorded in a registry.
	 * @param registry the registry
	 * @return the metrics
	 */
	static MessagingMetrics of(MeterRegistry registry) {
		return (kind, listenerId) -> new MicrometerListenerMetrics(registry, kind, listenerId);
	}

	/**
	 * Metrics that record nothing, for use without Micrometer configured.
	 * @return the metrics
	 */
	static MessagingMetrics none() {
		return of(new CompositeMeterRegistry());
	}

}

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
 * {@code decode-failure}): handled messages and how long handling took, one sample per handled message on exactly
 * one path. With observations on ({@link #observations()} {@linkplain MessagingObservations#isEnabled() enabled})
 * it is the timer that the observation registry's meter handler makes from the observation of the same name, which
 * adds the keys {@code messaging.system=redis}, {@code messaging.operation=process},
 * {@code messaging.destination.name} and the handler's {@code error}; with observations off, a plain timer, and no
 * observation is created;</li>
 * <li>{@code redis.messaging.retried}, {@code redis.messaging.skipped}, {@code redis.messaging.dead-lettered}
 * (tag {@code reason}) and {@code redis.messaging.deleted-pending} (counters): failed messages tried again, given
 * up by an error handler, moved to a dead-letter stream or list, and pending entries deleted from their
 * stream;</li>
 * <li>{@code redis.messaging.dropped} (counter, pub/sub only): messages dropped because the listener's buffer was
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
	 * @param observations the observation registry; a no-op one times messages with the plain timer
	 * @return the metrics
	 */
	static MessagingMetrics of(MeterRegistry meters, ObservationRegistry observations) {
		return of(meters, new MessagingObservations(observations));
	}

	/**
	 * Metrics recorded in a meter registry, and observations with their conventions. While the observations are
	 * {@linkplain MessagingObservations#isEnabled() enabled}, the listeners register no plain
	 * {@code redis.messaging.process} timer: the observations time handling.
	 * @param meters the meter registry
	 * @param observations the observations
	 * @return the metrics
	 */
	static MessagingMetrics of(MeterRegistry meters, MessagingObservations observations) {
		boolean plainTimer = !observations.isEnabled();
		return new MessagingMetrics() {

			@Override
			public ListenerMetrics listener(ListenerKind kind, String listenerId) {
				return new MicrometerListenerMetrics(meters, kind, listenerId, plainTimer);
			}

			@Override
			public MessagingObservations observations() {
				return observations;
			}

		};
	}

	/**
	 * Metrics recorded in a registry.
	 * @param registry the registry
	 * @return the metrics
	 */
	static MessagingMetrics of(MeterRegistry registry) {
		return (kind, listenerId) -> new MicrometerListenerMetrics(registry, kind, listenerId, true);
	}

	/**
	 * Metrics that record nothing, for use without Micrometer configured.
	 * @return the metrics
	 */
	static MessagingMetrics none() {
		return of(new CompositeMeterRegistry());
	}

}

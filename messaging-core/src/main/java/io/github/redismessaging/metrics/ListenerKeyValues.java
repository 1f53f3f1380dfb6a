package io.github.redismessaging.metrics;

import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.metrics.ListenerMetrics.Outcome;
import io.github.redismessaging.metrics.RedisMessagingObservation.ListenerKeys;

/**
 * The low-cardinality key values and the contextual name of {@link DefaultRedisListenerObservationConvention} for
 * one listener and destination. A convention runs twice per observation (at start and at stop); computing its
 * values once keeps building and sorting them off the hot path.
 */
final class ListenerKeyValues {

	private final KeyValues started;

	private final KeyValues[] stopped;

	private final String contextualName;

	ListenerKeyValues(String kind, String listenerId, String destination) {
		this.started = KeyValues.of(ListenerKeys.MESSAGING_SYSTEM.withValue("redis"),
				ListenerKeys.MESSAGING_OPERATION.withValue("process"),
				ListenerKeys.MESSAGING_DESTINATION_NAME.withValue(destination), ListenerKeys.KIND.withValue(kind),
				ListenerKeys.LISTENER.withValue(listenerId), ListenerKeys.DESTINATION.withValue(destination));
		Outcome[] outcomes = Outcome.values();
		this.stopped = new KeyValues[outcomes.length];
		for (Outcome outcome : outcomes) {
			this.stopped[outcome.ordinal()] = this.started.and(ListenerKeys.OUTCOME.withValue(outcome.tag()));
		}
		this.contextualName = destination + " process";
	}

	/**
	 * The key values: without {@code outcome} while the outcome is unknown (at start, so the meter handler's
	 * long-task timer always has the same tag keys), with it at stop.
	 */
	KeyValues keyValues(@Nullable Outcome outcome) {
		return (outcome != null) ? this.stopped[outcome.ordinal()] : this.started;
	}

	String contextualName() {
		return this.contextualName;
	}

}

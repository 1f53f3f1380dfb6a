package io.github.redismessaging.metrics;

import io.micrometer.common.KeyValues;

import io.github.redismessaging.metrics.RedisMessagingObservation.ListenerKeys;

/**
 * The default {@link RedisListenerObservationConvention}: the keys of {@link ListenerKeys} ({@code outcome} once
 * the outcome is known, at stop) and the contextual name {@code <destination> process}.
 */
public class DefaultRedisListenerObservationConvention implements RedisListenerObservationConvention {

	/**
	 * Creates the convention.
	 */
	public DefaultRedisListenerObservationConvention() {
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RedisMessageReceiverContext context) {
		return keyValues(context).keyValues(context.getOutcome());
	}

	@Override
	public String getContextualName(RedisMessageReceiverContext context) {
		return keyValues(context).contextualName();
	}

	private static ListenerKeyValues keyValues(RedisMessageReceiverContext context) {
		ListenerKeyValues cached = context.keyValues;
		return (cached != null) ? cached
				: new ListenerKeyValues(context.getListenerKind(), context.getListenerId(), context.getDestination());
	}

}

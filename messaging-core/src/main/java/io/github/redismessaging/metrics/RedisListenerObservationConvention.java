package io.github.redismessaging.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The name, key values and contextual name of the {@link RedisMessagingObservation#LISTENER} observation. Declare
 * a bean of this type to replace {@link DefaultRedisListenerObservationConvention} (extend it to add keys).
 */
public interface RedisListenerObservationConvention extends ObservationConvention<RedisMessageReceiverContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RedisMessageReceiverContext;
	}

	/**
	 * The observation name, also the name of the meter handler's timer.
	 * @return {@value MessagingObservations#PROCESS}
	 */
	@Override
	default String getName() {
		return MessagingObservations.PROCESS;
	}

}

package io.github.redismessaging.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The name, key values and contextual name of the {@link RedisMessagingObservation#TEMPLATE} observation. Declare
 * a bean of this type to replace {@link DefaultRedisTemplateObservationConvention} (extend it to add keys).
 */
public interface RedisTemplateObservationConvention extends ObservationConvention<RedisMessageSenderContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RedisMessageSenderContext;
	}

	/**
	 * The observation name, also the name of the meter handler's timer.
	 * @return {@value MessagingObservations#SEND}
	 */
	@Override
	default String getName() {
		return MessagingObservations.SEND;
	}

}

package io.github.redismessaging.metrics;

import io.micrometer.common.KeyValues;

import io.github.redismessaging.metrics.RedisMessagingObservation.TemplateKeys;

/**
 * The default {@link RedisTemplateObservationConvention}: the keys of {@link TemplateKeys} and the contextual name
 * {@code <destination> send}.
 */
public class DefaultRedisTemplateObservationConvention implements RedisTemplateObservationConvention {

	/**
	 * Creates the convention.
	 */
	public DefaultRedisTemplateObservationConvention() {
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RedisMessageSenderContext context) {
		return KeyValues.of(TemplateKeys.MESSAGING_SYSTEM.withValue("redis"),
				TemplateKeys.MESSAGING_OPERATION.withValue("send"),
				TemplateKeys.MESSAGING_DESTINATION_NAME.withValue(context.getDestination()),
				TemplateKeys.KIND.withValue(context.getDestinationKind()),
				TemplateKeys.DESTINATION.withValue(context.getDestination()));
	}

	@Override
	public String getContextualName(RedisMessageSenderContext context) {
		return context.getDestination() + " send";
	}

}

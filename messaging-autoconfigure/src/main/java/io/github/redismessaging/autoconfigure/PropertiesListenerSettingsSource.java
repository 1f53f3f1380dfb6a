package io.github.redismessaging.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

import io.github.redismessaging.autoconfigure.RedisMessagingProperties.Listener;
import io.github.redismessaging.autoconfigure.RedisMessagingProperties.PubSubDefaults;
import io.github.redismessaging.autoconfigure.RedisMessagingProperties.QueueDefaults;
import io.github.redismessaging.autoconfigure.RedisMessagingProperties.StreamDefaults;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.ListenerSettingsSource;

/**
 * Exposes the bound {@link RedisMessagingProperties} as the string layers listener settings are resolved from.
 * Attribute names are the annotation attribute names (camelCase).
 */
final class PropertiesListenerSettingsSource implements ListenerSettingsSource {

	private static final String PROPERTIES = "properties ";

	private final RedisMessagingProperties properties;

	PropertiesListenerSettingsSource(RedisMessagingProperties properties) {
		this.properties = properties;
	}

	@Override
	public Map<String, String> kindDefaults(ListenerKind kind) {
		return switch (kind) {
			case PUBSUB -> pubSubDefaults();
			case STREAM -> streamDefaults();
			case QUEUE -> queueDefaults();
		};
	}

	private Map<String, String> streamDefaults() {
		StreamDefaults defaults = this.properties.getStream().getDefaults();
		Map<String, String> values = new LinkedHashMap<>();
		put(values, "concurrency", defaults.getConcurrency());
		put(values, "batchSize", defaults.getBatchSize());
		put(values, "block", defaults.getBlock());
		put(values, "ackMode", defaults.getAckMode());
		put(values, "maxDeliveries", defaults.getMaxDeliveries());
		put(values, "claimMinIdle", defaults.getClaimMinIdle());
		put(values, "claimInterval", defaults.getClaimInterval());
		put(values, "start", defaults.getStart());
		put(values, "deadLetter", defaults.getDeadLetter());
		put(values, "autoStartup", defaults.getAutoStartup());
		put(values, "retries", defaults.getRetries());
		put(values, "retryBackoff", defaults.getRetryBackoff());
		put(values, "shutdownTimeout", defaults.getShutdownTimeout());
		put(values, "consumerIdleTimeout", defaults.getConsumerIdleTimeout());
		put(values, "asyncTimeout", defaults.getAsyncTimeout());
		put(values, "notRetryable", defaults.getNotRetryable());
		put(values, "errorHandler", defaults.getErrorHandler());
		return values;
	}

	private Map<String, String> queueDefaults() {
		QueueDefaults defaults = this.properties.getQueue().getDefaults();
		Map<String, String> values = new LinkedHashMap<>();
		put(values, "mode", defaults.getMode());
		put(values, "concurrency", defaults.getConcurrency());
		put(values, "batchSize", defaults.getBatchSize());
		put(values, "block", defaults.getBlock());
		put(values, "maxAttempts", defaults.getMaxAttempts());
		put(values, "backoff", defaults.getBackoff());
		put(values, "deadLetter", defaults.getDeadLetter());
		put(values, "autoStartup", defaults.getAutoStartup());
		put(values, "leaseTimeout", defaults.getLeaseTimeout());
		put(values, "maintenanceInterval", defaults.getMaintenanceInterval());
		put(values, "shutdownTimeout", defaults.getShutdownTimeout());
		put(values, "rotationInterval", defaults.getRotationInterval());
		put(values, "asyncTimeout", defaults.getAsyncTimeout());
		put(values, "notRetryable", defaults.getNotRetryable());
		put(values, "errorHandler", defaults.getErrorHandler());
		return values;
	}

	private Map<String, String> pubSubDefaults() {
		PubSubDefaults defaults = this.properties.getPubsub().getDefaults();
		Map<String, String> values = new LinkedHashMap<>();
		put(values, "concurrency", defaults.getConcurrency());
		put(values, "autoStartup", defaults.getAutoStartup());
		put(values, "bufferSize", defaults.getBufferSize());
		put(values, "shutdownTimeout", defaults.getShutdownTimeout());
		put(values, "topologyRefreshInterval", defaults.getTopologyRefreshInterval());
		put(values, "subscribeTimeout", defaults.getSubscribeTimeout());
		put(values, "asyncTimeout", defaults.getAsyncTimeout());
		return values;
	}

	@Override
	public Map<String, String> listenerOverrides(String listenerId) {
		Listener listener = this.properties.getListeners().get(listenerId);
		if (listener == null) {
			return Map.of();
		}
		Map<String, String> values = new LinkedHashMap<>();
		put(values, "channels", listener.getChannels());
		put(values, "patterns", listener.getPatterns());
		put(values, "sharded", listener.getSharded());
		put(values, "concurrency", listener.getConcurrency());
		put(values, "autoStartup", listener.getAutoStartup());
		put(values, "bufferSize", listener.getBufferSize());
		put(values, "shutdownTimeout", listener.getShutdownTimeout());
		put(values, "topologyRefreshInterval", listener.getTopologyRefreshInterval());
		put(values, "subscribeTimeout", listener.getSubscribeTimeout());
		put(values, "stream", listener.getStream());
		put(values, "group", listener.getGroup());
		put(values, "consumer", listener.getConsumer());
		put(values, "batchSize", listener.getBatchSize());
		put(values, "block", listener.getBlock());
		put(values, "ackMode", listener.getAckMode());
		put(values, "maxDeliveries", listener.getMaxDeliveries());
		put(values, "claimMinIdle", listener.getClaimMinIdle());
		put(values, "claimInterval", listener.getClaimInterval());
		put(values, "start", listener.getStart());
		put(values, "deadLetter", listener.getDeadLetter());
		put(values, "retries", listener.getRetries());
		put(values, "retryBackoff", listener.getRetryBackoff());
		put(values, "consumerIdleTimeout", listener.getConsumerIdleTimeout());
		put(values, "queue", listener.getQueue());
		put(values, "queues", listener.getQueues());
		put(values, "mode", listener.getMode());
		put(values, "maxAttempts", listener.getMaxAttempts());
		put(values, "backoff", listener.getBackoff());
		put(values, "leaseTimeout", listener.getLeaseTimeout());
		put(values, "maintenanceInterval", listener.getMaintenanceInterval());
		put(values, "rotationInterval", listener.getRotationInterval());
		put(values, "asyncTimeout", listener.getAsyncTimeout());
		put(values, "notRetryable", listener.getNotRetryable());
		put(values, "errorHandler", listener.getErrorHandler());
		return values;
	}

	@Override
	public Set<String> overriddenListenerIds() {
		return this.properties.getListeners().keySet();
	}

	@Override
	public String describeKindDefaults(ListenerKind kind) {
		return PROPERTIES + "redis.messaging." + kind.propertyName() + ".defaults.*";
	}

	@Override
	public String describeListenerOverrides(String listenerId) {
		return PROPERTIES + "redis.messaging.listeners." + listenerId + ".*";
	}

	/**
	 * The property that sets an attribute in a layer this source describes.
	 * @param source a layer description, as in {@link #describeListenerOverrides(String)}
	 * @param attribute the attribute name (camelCase)
	 * @return the property name, or {@code null} if the layer is not one of this source's
	 */
	static @Nullable String propertyName(String source, String attribute) {
		if (!source.startsWith(PROPERTIES) || !source.endsWith(".*")) {
			return null;
		}
		return source.substring(PROPERTIES.length(), source.length() - 1)
				+ DataObjectPropertyName.toDashedForm(attribute);
	}

	private static void put(Map<String, String> values, String name, Object value) {
		if (value instanceof List<?> list) {
			values.put(name, String.join(",", list.stream().map(String::valueOf).toList()));
		}
		else if (value != null) {
			values.put(name, value.toString());
		}
	}

}

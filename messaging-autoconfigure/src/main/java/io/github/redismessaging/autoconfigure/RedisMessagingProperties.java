package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of redis-messaging under {@code redis.messaging}. The Redis connection itself is configured the
 * Boot way, under {@code spring.data.redis.*}.
 * <p>
 * Settings of a listener resolve in this order, later winning: built-in defaults,
 * {@code redis.messaging.<kind>.defaults.*}, the annotation's attributes,
 * {@code redis.messaging.listeners.<id>.*}.
 */
@ConfigurationProperties("redis.messaging")
public class RedisMessagingProperties {

	private final PubSub pubsub = new PubSub();

	/**
	 * Per-listener settings by listener id; they override the annotation's attributes.
	 */
	private final Map<String, Listener> listeners = new LinkedHashMap<>();

	public PubSub getPubsub() {
		return this.pubsub;
	}

	public Map<String, Listener> getListeners() {
		return this.listeners;
	}

	/**
	 * Settings of {@code @RedisSubscriber} listeners.
	 */
	public static class PubSub {

		private final PubSubDefaults defaults = new PubSubDefaults();

		public PubSubDefaults getDefaults() {
			return this.defaults;
		}

	}

	/**
	 * Defaults for every {@code @RedisSubscriber} listener.
	 */
	public static class PubSubDefaults {

		/**
		 * Number of worker threads per listener. With more than one, messages of the same channel still keep
		 * their order.
		 */
		private Integer concurrency = 1;

		/**
		 * Whether listeners start with the application context.
		 */
		private Boolean autoStartup = true;

		/**
		 * Messages buffered per listener between the Redis connection and the workers. When the buffer is full,
		 * further messages are dropped and counted in the 'redis.messaging.dropped' meter.
		 */
		private Integer bufferSize = 10000;

		/**
		 * How long stopping a listener waits for buffered messages to be handled.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		/**
		 * In a cluster, how often a listener re-reads the topology to move subscriptions whose node failed or
		 * whose slot moved. A dropped connection or a Redis-initiated unsubscribe triggers a re-read at once.
		 */
		private Duration topologyRefreshInterval = Duration.ofSeconds(5);

		/**
		 * How long a subscribe command may wait for Redis to confirm before it is retried.
		 */
		private Duration subscribeTimeout = Duration.ofSeconds(5);

		public Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(Integer concurrency) {
			this.concurrency = concurrency;
		}

		public Boolean getAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(Boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public Integer getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(Integer bufferSize) {
			this.bufferSize = bufferSize;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Duration getTopologyRefreshInterval() {
			return this.topologyRefreshInterval;
		}

		public void setTopologyRefreshInterval(Duration topologyRefreshInterval) {
			this.topologyRefreshInterval = topologyRefreshInterval;
		}

		public Duration getSubscribeTimeout() {
			return this.subscribeTimeout;
		}

		public void setSubscribeTimeout(Duration subscribeTimeout) {
			this.subscribeTimeout = subscribeTimeout;
		}

	}

	/**
	 * Settings of one listener, by id. Unset values keep the annotation's value or the defaults.
	 */
	public static class Listener {

		/**
		 * Channels of a @RedisSubscriber, replacing the annotation's.
		 */
		private List<String> channels;

		/**
		 * Patterns of a @RedisSubscriber, replacing the annotation's.
		 */
		private List<String> patterns;

		/**
		 * Whether the channels of a @RedisSubscriber are sharded channels (SSUBSCRIBE).
		 */
		private Boolean sharded;

		/**
		 * Number of worker threads.
		 */
		private Integer concurrency;

		/**
		 * Whether the listener starts with the application context.
		 */
		private Boolean autoStartup;

		/**
		 * Messages buffered between the Redis connection and the workers of a @RedisSubscriber.
		 */
		private Integer bufferSize;

		/**
		 * How long stopping the listener waits for in-flight messages.
		 */
		private Duration shutdownTimeout;

		/**
		 * In a cluster, how often a @RedisSubscriber re-reads the topology.
		 */
		private Duration topologyRefreshInterval;

		/**
		 * How long a subscribe command may wait for Redis to confirm.
		 */
		private Duration subscribeTimeout;

		public List<String> getChannels() {
			return this.channels;
		}

		public void setChannels(List<String> channels) {
			this.channels = channels;
		}

		public List<String> getPatterns() {
			return this.patterns;
		}

		public void setPatterns(List<String> patterns) {
			this.patterns = patterns;
		}

		public Boolean getSharded() {
			return this.sharded;
		}

		public void setSharded(Boolean sharded) {
			this.sharded = sharded;
		}

		public Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(Integer concurrency) {
			this.concurrency = concurrency;
		}

		public Boolean getAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(Boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public Integer getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(Integer bufferSize) {
			this.bufferSize = bufferSize;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Duration getTopologyRefreshInterval() {
			return this.topologyRefreshInterval;
		}

		public void setTopologyRefreshInterval(Duration topologyRefreshInterval) {
			this.topologyRefreshInterval = topologyRefreshInterval;
		}

		public Duration getSubscribeTimeout() {
			return this.subscribeTimeout;
		}

		public void setSubscribeTimeout(Duration subscribeTimeout) {
			this.subscribeTimeout = subscribeTimeout;
		}

	}

}

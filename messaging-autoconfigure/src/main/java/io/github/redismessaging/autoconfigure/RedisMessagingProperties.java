package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration of redis-messaging under {@code redis.messaging}. The Redis connection itself is configured the
 * Boot way, under {@code spring.data.redis.*}.
 * <p>
 * Settings of a listener resolve in this order, later winning: built-in defaults,
 * {@code redis.messaging.<kind>.defaults.*}, the annotation's attributes,
 * {@code redis.messaging.listeners.<id>.*}. The listener settings here have no defaults of their own: unset, they
 * leave the value to the layer below, and in the end to the library's built-in default.
 */
@ConfigurationProperties("redis.messaging")
public class RedisMessagingProperties {

	/**
	 * Prefix applied to every stream and queue name, for example 'billing:'. Companion keys follow it:
	 * '{billing:orders}:dlq'.
	 */
	private String keyPrefix = "";

	/**
	 * Whether each sent and handled message runs in a Micrometer observation when an ObservationRegistry is
	 * present. Observations continue traces across Redis, and a handled message's observation is then its only
	 * timing (the meter handler makes the timer redis.messaging.process); off, a plain timer of the same name times
	 * it and no observation is created.
	 */
	private boolean observationEnabled = true;

	private final PubSub pubsub = new PubSub();

	private final Stream stream = new Stream();

	private final Queue queue = new Queue();

	private final Health health = new Health();

	private final Producer producer = new Producer();

	private final Schedules schedules = new Schedules();

	/**
	 * Per-listener settings by listener id; they override the annotation's attributes.
	 */
	private final Map<String, ListenerOverrides> listeners = new LinkedHashMap<>();

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public boolean isObservationEnabled() {
		return this.observationEnabled;
	}

	public void setObservationEnabled(boolean observationEnabled) {
		this.observationEnabled = observationEnabled;
	}

	public Stream getStream() {
		return this.stream;
	}

	public Health getHealth() {
		return this.health;
	}

	public Producer getProducer() {
		return this.producer;
	}

	public Schedules getSchedules() {
		return this.schedules;
	}

	public Queue getQueue() {
		return this.queue;
	}

	public PubSub getPubsub() {
		return this.pubsub;
	}

	public Map<String, ListenerOverrides> getListeners() {
		return this.listeners;
	}

	/**
	 * Settings of {@code @RedisSubscriber} listeners.
	 */
	public static class PubSub {

		@NestedConfigurationProperty
		private final PubSubDefaults defaults = new PubSubDefaults();

		public PubSubDefaults getDefaults() {
			return this.defaults;
		}

	}

	/**
	 * Settings of {@code @StreamListener} listeners.
	 */
	public static class Stream {

		@NestedConfigurationProperty
		private final StreamDefaults defaults = new StreamDefaults();

		public StreamDefaults getDefaults() {
			return this.defaults;
		}

	}

	/**
	 * Settings of {@code @QueueListener} listeners.
	 */
	public static class Queue {

		@NestedConfigurationProperty
		private final QueueDefaults defaults = new QueueDefaults();

		public QueueDefaults getDefaults() {
			return this.defaults;
		}

	}

	/**
	 * Settings of the template's writes.
	 */
	public static class Producer {

		private final Durability durability = new Durability();

		public Durability getDurability() {
			return this.durability;
		}

		/**
		 * How many replicas must acknowledge the template's appends, enqueues, batch enqueues and delayed enqueues
		 * that are given no durability of their own.
		 */
		public static class Durability {

			/**
			 * How many replicas must acknowledge each append and enqueue (WAIT after the write) before the template
			 * returns; if fewer do within the timeout, the template throws a DurabilityException, the write having
			 * happened on the master. 0 waits for none.
			 */
			private int replicas;

			/**
			 * How long a write waits for its replicas at most. Keep it well below spring.data.redis.timeout.
			 */
			private Duration timeout = Duration.ofSeconds(1);

			public int getReplicas() {
				return this.replicas;
			}

			public void setReplicas(int replicas) {
				this.replicas = replicas;
			}

			public Duration getTimeout() {
				return this.timeout;
			}

			public void setTimeout(Duration timeout) {
				this.timeout = timeout;
			}

		}

	}

	/**
	 * Settings of recurring jobs ({@code RedisMessagingTemplate.schedule}).
	 */
	public static class Schedules {

		/**
		 * How often each application asks Redis for due recurring jobs and fires them; a job is enqueued at most
		 * about this long after its tick.
		 */
		private Duration interval = Duration.ofSeconds(1);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * Settings of the {@code redisMessaging} health indicator.
	 */
	public static class Health {

		/**
		 * How long a listener may fail to read from Redis before the health indicator reports DOWN.
		 */
		private Duration failureThreshold = Duration.ofSeconds(30);

		public Duration getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(Duration failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
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

	/**
	 * Prefix applied to every stream and queue name, for example 'billing:'. Companion keys follow it:
	 * '{billing:orders}:dlq'.
	 */
	private String keyPrefix = "";

	/**
	 * Whether each sent and handled message runs in a Micrometer observation when an ObservationRegistry is
	 * present. Observations continue traces across Redis; with a meter handler they cost roughly a microsecond of
	 * CPU per message.
	 */
	private boolean observationEnabled = true;

	private final PubSub pubsub = new PubSub();

	private final Stream stream = new Stream();

	private final Queue queue = new Queue();

	private final Health health = new Health();

	/**
	 * Per-listener settings by listener id; they override the annotation's attributes.
	 */
	private final Map<String, Listener> listeners = new LinkedHashMap<>();

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

	public Queue getQueue() {
		return this.queue;
	}

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
		 * How long a listener's asynchronous result (CompletionStage, Mono) is awaited before it counts as failed.
		 */
		private Duration asyncTimeout = Duration.ofSeconds(30);

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

		public Duration getAsyncTimeout() {
			return this.asyncTimeout;
		}

		public void setAsyncTimeout(Duration asyncTimeout) {
			this.asyncTimeout = asyncTimeout;
		}

	}

	/**
	 * Settings of {@code @StreamListener} listeners.
	 */
	public static class Stream {

		private final StreamDefaults defaults = new StreamDefaults();

		public StreamDefaults getDefaults() {
			return this.defaults;
		}

	}

	/**
	 * Defaults for every {@code @StreamListener} listener.
	 */
	public static class StreamDefaults {

		/**
		 * Fully qualified exception classes that a retry cannot fix: an entry whose listener throws one of them (or an exception caused by one) is dead-lettered at once, without retries. Decode and validation failures always are.
		 */
		private List<String> notRetryable = new ArrayList<>();

		/**
		 * How long a listener's asynchronous result (CompletionStage, Mono) is awaited before it counts as failed.
		 */
		private Duration asyncTimeout = Duration.ofSeconds(30);

		/**
		 * Name of the RedisListenerErrorHandler bean that decides for a failed entry (retry, dead-letter now, skip). Empty: the application's only RedisListenerErrorHandler bean, if there is one.
		 */
		private String errorHandler = "";

		/**
		 * Worker threads per listener. With more than one, entries are handled in parallel and their order is not kept.
		 */
		private Integer concurrency = 1;

		/**
		 * Entries read per XREADGROUP or XREAD (COUNT). The hand-off to the workers holds two batches (one read
		 * ahead), which bounds the entries held in memory.
		 */
		private Integer batchSize = 100;

		/**
		 * How long one read blocks waiting for entries (BLOCK).
		 */
		private Duration block = Duration.ofSeconds(2);

		/**
		 * When entries are acknowledged: AUTO after the method returns, MANUAL through an Acknowledgment parameter, NONE never (NOACK, at most once).
		 */
		private String ackMode = "AUTO";

		/**
		 * Deliveries after which a failing entry is moved to the dead-letter stream.
		 */
		private Integer maxDeliveries = 5;

		/**
		 * How long an entry must have been pending before pending recovery claims it for redelivery.
		 */
		private Duration claimMinIdle = Duration.ofSeconds(30);

		/**
		 * How often pending recovery and group maintenance run.
		 */
		private Duration claimInterval = Duration.ofSeconds(5);

		/**
		 * Where a new group starts: latest ($), earliest (0) or an entry id; for fan-out, where reading starts.
		 */
		private String start = "latest";

		/**
		 * 'true' for the dead-letter stream {stream}:dlq, 'false' for none (failing entries then stay pending and are retried forever), or another stream in the same hash slot.
		 */
		private String deadLetter = "true";

		/**
		 * Whether listeners start with the application context.
		 */
		private Boolean autoStartup = true;

		/**
		 * In-process retries of a failed entry, with exponential backoff, before the delivery counts as failed.
		 */
		private Integer retries = 0;

		/**
		 * Backoff before the first in-process retry; doubled for each further retry.
		 */
		private Duration retryBackoff = Duration.ofSeconds(1);

		/**
		 * How long stopping a listener waits for entries in hand to be handled; the rest stay pending.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/**
		 * Consumers of the group with no pending entries and idle longer than this are removed from the group.
		 */
		private Duration consumerIdleTimeout = Duration.ofHours(24);

		public Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(Integer concurrency) {
			this.concurrency = concurrency;
		}

		public Integer getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(Integer batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getBlock() {
			return this.block;
		}

		public void setBlock(Duration block) {
			this.block = block;
		}

		public String getAckMode() {
			return this.ackMode;
		}

		public void setAckMode(String ackMode) {
			this.ackMode = ackMode;
		}

		public Integer getMaxDeliveries() {
			return this.maxDeliveries;
		}

		public void setMaxDeliveries(Integer maxDeliveries) {
			this.maxDeliveries = maxDeliveries;
		}

		public Duration getClaimMinIdle() {
			return this.claimMinIdle;
		}

		public void setClaimMinIdle(Duration claimMinIdle) {
			this.claimMinIdle = claimMinIdle;
		}

		public Duration getClaimInterval() {
			return this.claimInterval;
		}

		public void setClaimInterval(Duration claimInterval) {
			this.claimInterval = claimInterval;
		}

		public String getStart() {
			return this.start;
		}

		public void setStart(String start) {
			this.start = start;
		}

		public String getDeadLetter() {
			return this.deadLetter;
		}

		public void setDeadLetter(String deadLetter) {
			this.deadLetter = deadLetter;
		}

		public Boolean getAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(Boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public Integer getRetries() {
			return this.retries;
		}

		public void setRetries(Integer retries) {
			this.retries = retries;
		}

		public Duration getRetryBackoff() {
			return this.retryBackoff;
		}

		public void setRetryBackoff(Duration retryBackoff) {
			this.retryBackoff = retryBackoff;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Duration getConsumerIdleTimeout() {
			return this.consumerIdleTimeout;
		}

		public void setConsumerIdleTimeout(Duration consumerIdleTimeout) {
			this.consumerIdleTimeout = consumerIdleTimeout;
		}

		public List<String> getNotRetryable() {
			return this.notRetryable;
		}

		public void setNotRetryable(List<String> notRetryable) {
			this.notRetryable = notRetryable;
		}

		public String getErrorHandler() {
			return this.errorHandler;
		}

		public void setErrorHandler(String errorHandler) {
			this.errorHandler = errorHandler;
		}

		public Duration getAsyncTimeout() {
			return this.asyncTimeout;
		}

		public void setAsyncTimeout(Duration asyncTimeout) {
			this.asyncTimeout = asyncTimeout;
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

	/**
	 * Settings of {@code @QueueListener} listeners.
	 */
	public static class Queue {

		private final QueueDefaults defaults = new QueueDefaults();

		public QueueDefaults getDefaults() {
			return this.defaults;
		}

	}

	/**
	 * Defaults for every {@code @QueueListener} listener.
	 */
	public static class QueueDefaults {

		/**
		 * Fully qualified exception classes that a retry cannot fix: an item whose listener throws one of them (or an exception caused by one) is dead-lettered at once, without retries. Decode and validation failures always are.
		 */
		private List<String> notRetryable = new ArrayList<>();

		/**
		 * How long a listener's asynchronous result (CompletionStage, Mono) is awaited before it counts as failed.
		 */
		private Duration asyncTimeout = Duration.ofSeconds(30);

		/**
		 * Name of the RedisListenerErrorHandler bean that decides for a failed item (retry, dead-letter now, skip). Empty: the application's only RedisListenerErrorHandler bean, if there is one.
		 */
		private String errorHandler = "";

		/**
		 * How items are taken: AT_LEAST_ONCE (per-item leases), AT_MOST_ONCE (BLMPOP) or CIRCULAR (rotation).
		 */
		private String mode = "AT_LEAST_ONCE";

		/**
		 * Worker threads per listener.
		 */
		private Integer concurrency = 1;

		/**
		 * Items taken per fetch under leases, in one atomic script (at most 1000; a blocking wait that takes nothing
		 * comes first when the queue is empty). The hand-off
		 * to the workers holds two batches (one read ahead), which bounds the items held in memory.
		 */
		private Integer batchSize = 10;

		/**
		 * How long one blocking fetch waits for an item.
		 */
		private Duration block = Duration.ofSeconds(2);

		/**
		 * Attempts before an item is moved to the dead-letter list.
		 */
		private Integer maxAttempts = 3;

		/**
		 * Delay before a retry: 'initial[,multiplier[,max]]'.
		 */
		private String backoff = "1s,2,1m";

		/**
		 * 'true' to move items that exhausted their attempts or cannot be decoded to {queue}:dlq, 'false' to retry them forever.
		 */
		private String deadLetter = "true";

		/**
		 * Whether listeners start with the application context.
		 */
		private Boolean autoStartup = true;

		/**
		 * How long a lease on an item lasts unless its consumer extends it (every third of it); an item whose lease runs
		 * out (its consumer crashed, or was paused or cut off from Redis for longer) returns to the queue. At least 1s.
		 */
		private Duration leaseTimeout = Duration.ofSeconds(30);

		/**
		 * How often due delayed items are moved to the queue, expired leases are taken back and the gauges refreshed.
		 */
		private Duration maintenanceInterval = Duration.ofMillis(500);

		/**
		 * How long stopping a listener waits for items in hand; those never started go back to the queue at once, the
		 * rest stay leased until their leases expire.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/**
		 * In CIRCULAR mode, the pause after every full rotation of the list.
		 */
		private Duration rotationInterval = Duration.ofSeconds(1);

		public String getMode() {
			return this.mode;
		}

		public void setMode(String mode) {
			this.mode = mode;
		}

		public Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(Integer concurrency) {
			this.concurrency = concurrency;
		}

		public Integer getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(Integer batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getBlock() {
			return this.block;
		}

		public void setBlock(Duration block) {
			this.block = block;
		}

		public Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public String getBackoff() {
			return this.backoff;
		}

		public void setBackoff(String backoff) {
			this.backoff = backoff;
		}

		public String getDeadLetter() {
			return this.deadLetter;
		}

		public void setDeadLetter(String deadLetter) {
			this.deadLetter = deadLetter;
		}

		public Boolean getAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(Boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public Duration getLeaseTimeout() {
			return this.leaseTimeout;
		}

		public void setLeaseTimeout(Duration leaseTimeout) {
			this.leaseTimeout = leaseTimeout;
		}

		public Duration getMaintenanceInterval() {
			return this.maintenanceInterval;
		}

		public void setMaintenanceInterval(Duration maintenanceInterval) {
			this.maintenanceInterval = maintenanceInterval;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Duration getRotationInterval() {
			return this.rotationInterval;
		}

		public void setRotationInterval(Duration rotationInterval) {
			this.rotationInterval = rotationInterval;
		}

		public List<String> getNotRetryable() {
			return this.notRetryable;
		}

		public void setNotRetryable(List<String> notRetryable) {
			this.notRetryable = notRetryable;
		}

		public String getErrorHandler() {
			return this.errorHandler;
		}

		public void setErrorHandler(String errorHandler) {
			this.errorHandler = errorHandler;
		}

		public Duration getAsyncTimeout() {
			return this.asyncTimeout;
		}

		public void setAsyncTimeout(Duration asyncTimeout) {
			this.asyncTimeout = asyncTimeout;
		}

	}

	/**
	 * Settings of one listener, by id. Unset values keep the annotation's value or the defaults.
	 */
	public static class Listener {

		/**
		 * Exception classes dead-lettered at once, without retries, by a @StreamListener or @QueueListener, replacing the defaults' list.
		 */
		private List<String> notRetryable;

		/**
		 * Name of the RedisListenerErrorHandler bean of a @StreamListener or @QueueListener, replacing the defaults' one.
		 */
		private String errorHandler;

		/**
		 * How long the listener's asynchronous result (CompletionStage, Mono) is awaited before it counts as failed.
		 */
		private Duration asyncTimeout;

		/**
		 * Queue of a @QueueListener, replacing the annotation's.
		 */
		private String queue;

		/**
		 * Queues of a @QueueListener in priority order, replacing the annotation's.
		 */
		private List<String> queues;

		/**
		 * Mode of a @QueueListener: AT_LEAST_ONCE, AT_MOST_ONCE or CIRCULAR.
		 */
		private String mode;

		/**
		 * Attempts of a @QueueListener before an item is dead-lettered.
		 */
		private Integer maxAttempts;

		/**
		 * Retry delay of a @QueueListener: 'initial[,multiplier[,max]]'.
		 */
		private String backoff;

		/**
		 * Lease timeout of a @QueueListener.
		 */
		private Duration leaseTimeout;

		/**
		 * Maintenance interval of a @QueueListener.
		 */
		private Duration maintenanceInterval;

		/**
		 * Pause after every full rotation of a CIRCULAR @QueueListener.
		 */
		private Duration rotationInterval;

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

		/**
		 * Stream of a @StreamListener, replacing the annotation's.
		 */
		private String stream;

		/**
		 * Consumer group of a @StreamListener.
		 */
		private String group;

		/**
		 * Consumer name of a @StreamListener in its group.
		 */
		private String consumer;

		/**
		 * Entries read per read of a @StreamListener.
		 */
		private Integer batchSize;

		/**
		 * How long one read of a @StreamListener blocks.
		 */
		private Duration block;

		/**
		 * Ack mode of a @StreamListener: AUTO, MANUAL or NONE.
		 */
		private String ackMode;

		/**
		 * Deliveries after which a failing entry is dead-lettered.
		 */
		private Integer maxDeliveries;

		/**
		 * How long an entry must have been pending before it is claimed.
		 */
		private Duration claimMinIdle;

		/**
		 * How often pending recovery runs.
		 */
		private Duration claimInterval;

		/**
		 * Start position of a @StreamListener: latest, earliest or an entry id.
		 */
		private String start;

		/**
		 * Dead-letter setting of a @StreamListener: true, false or a stream name.
		 */
		private String deadLetter;

		/**
		 * In-process retries of a failed entry.
		 */
		private Integer retries;

		/**
		 * Backoff before the first in-process retry.
		 */
		private Duration retryBackoff;

		/**
		 * Idle time after which consumers without pending entries are removed from the group.
		 */
		private Duration consumerIdleTimeout;

		public String getQueue() {
			return this.queue;
		}

		public void setQueue(String queue) {
			this.queue = queue;
		}

		public List<String> getQueues() {
			return this.queues;
		}

		public void setQueues(List<String> queues) {
			this.queues = queues;
		}

		public String getMode() {
			return this.mode;
		}

		public void setMode(String mode) {
			this.mode = mode;
		}

		public Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public String getBackoff() {
			return this.backoff;
		}

		public void setBackoff(String backoff) {
			this.backoff = backoff;
		}

		public Duration getLeaseTimeout() {
			return this.leaseTimeout;
		}

		public void setLeaseTimeout(Duration leaseTimeout) {
			this.leaseTimeout = leaseTimeout;
		}

		public Duration getMaintenanceInterval() {
			return this.maintenanceInterval;
		}

		public void setMaintenanceInterval(Duration maintenanceInterval) {
			this.maintenanceInterval = maintenanceInterval;
		}

		public Duration getRotationInterval() {
			return this.rotationInterval;
		}

		public void setRotationInterval(Duration rotationInterval) {
			this.rotationInterval = rotationInterval;
		}

		public String getStream() {
			return this.stream;
		}

		public void setStream(String stream) {
			this.stream = stream;
		}

		public String getGroup() {
			return this.group;
		}

		public void setGroup(String group) {
			this.group = group;
		}

		public String getConsumer() {
			return this.consumer;
		}

		public void setConsumer(String consumer) {
			this.consumer = consumer;
		}

		public Integer getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(Integer batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getBlock() {
			return this.block;
		}

		public void setBlock(Duration block) {
			this.block = block;
		}

		public String getAckMode() {
			return this.ackMode;
		}

		public void setAckMode(String ackMode) {
			this.ackMode = ackMode;
		}

		public Integer getMaxDeliveries() {
			return this.maxDeliveries;
		}

		public void setMaxDeliveries(Integer maxDeliveries) {
			this.maxDeliveries = maxDeliveries;
		}

		public Duration getClaimMinIdle() {
			return this.claimMinIdle;
		}

		public void setClaimMinIdle(Duration claimMinIdle) {
			this.claimMinIdle = claimMinIdle;
		}

		public Duration getClaimInterval() {
			return this.claimInterval;
		}

		public void setClaimInterval(Duration claimInterval) {
			this.claimInterval = claimInterval;
		}

		public String getStart() {
			return this.start;
		}

		public void setStart(String start) {
			this.start = start;
		}

		public String getDeadLetter() {
			return this.deadLetter;
		}

		public void setDeadLetter(String deadLetter) {
			this.deadLetter = deadLetter;
		}

		public Integer getRetries() {
			return this.retries;
		}

		public void setRetries(Integer retries) {
			this.retries = retries;
		}

		public Duration getRetryBackoff() {
			return this.retryBackoff;
		}

		public void setRetryBackoff(Duration retryBackoff) {
			this.retryBackoff = retryBackoff;
		}

		public Duration getConsumerIdleTimeout() {
			return this.consumerIdleTimeout;
		}

		public void setConsumerIdleTimeout(Duration consumerIdleTimeout) {
			this.consumerIdleTimeout = consumerIdleTimeout;
		}

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

		public List<String> getNotRetryable() {
			return this.notRetryable;
		}

		public void setNotRetryable(List<String> notRetryable) {
			this.notRetryable = notRetryable;
		}

		public String getErrorHandler() {
			return this.errorHandler;
		}

		public void setErrorHandler(String errorHandler) {
			this.errorHandler = errorHandler;
		}

		public Duration getAsyncTimeout() {
			return this.asyncTimeout;
		}

		public void setAsyncTimeout(Duration asyncTimeout) {
			this.asyncTimeout = asyncTimeout;
		}

	}

}

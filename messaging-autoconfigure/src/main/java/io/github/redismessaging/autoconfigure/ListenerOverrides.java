package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.pubsub.Dispatch;
import io.github.redismessaging.queue.QueueMode;
import io.github.redismessaging.stream.AckMode;
import io.github.redismessaging.stream.Ordering;

/**
 * Settings of one listener, under {@code redis.messaging.listeners.<id>}: they override the annotation's attributes
 * and every other layer. A value left unset keeps the annotation's value or the defaults. The settings of one kind
 * only apply to listeners of that kind: a subscriber has no batch size, for example.
 */
public class ListenerOverrides extends PollingListenerSettings {

	/**
	 * The stream of a @StreamListener, replacing the annotation's.
	 */
	private @Nullable String stream;

	/**
	 * The consumer group of a @StreamListener, replacing the annotation's.
	 */
	private @Nullable String group;

	/**
	 * The consumer name of a @StreamListener in its group. Default: {@code <id>-<host>-<random>}, unique per instance.
	 */
	private @Nullable String consumer;

	/**
	 * The queue of a @QueueListener, replacing the annotation's.
	 */
	private @Nullable String queue;

	/**
	 * The queues of a @QueueListener in priority order, replacing the annotation's.
	 */
	private @Nullable List<String> queues;

	/**
	 * The channels of a @RedisSubscriber, replacing the annotation's.
	 */
	private @Nullable List<String> channels;

	/**
	 * The channel patterns of a @RedisSubscriber, replacing the annotation's.
	 */
	private @Nullable List<String> patterns;

	/**
	 * Whether the channels of a @RedisSubscriber are sharded channels (SSUBSCRIBE), replacing the annotation's.
	 * Default: false.
	 */
	private @Nullable Boolean sharded;

	/**
	 * When a @StreamListener acknowledges entries: AUTO after the method returns, MANUAL through an Acknowledgment
	 * parameter, NONE never (NOACK, at most once). Default: AUTO.
	 */
	private @Nullable AckMode ackMode;

	/**
	 * Deliveries after which a failing entry of a @StreamListener is moved to the dead-letter stream. Default: 5.
	 */
	private @Nullable Integer maxDeliveries;

	/**
	 * How long an entry of a @StreamListener must have been pending before pending recovery claims it for redelivery.
	 * Default: 30s.
	 */
	private @Nullable Duration claimMinIdle;

	/**
	 * How often pending recovery and group maintenance of a @StreamListener run. Default: 5s.
	 */
	private @Nullable Duration claimInterval;

	/**
	 * Where the new group of a @StreamListener starts: latest ($), earliest (0) or an entry id; for fan-out, where
	 * reading starts. Default: latest.
	 */
	private @Nullable String start;

	/**
	 * In-process retries of an entry a @StreamListener failed on, after the backoff, before the delivery counts as
	 * failed. Default: 0.
	 */
	private @Nullable Integer retries;

	/**
	 * Consumers of the group of a @StreamListener with no pending entries and idle longer than this are removed from
	 * the group. Default: 24h.
	 */
	private @Nullable Duration consumerIdleTimeout;

	/**
	 * How a @QueueListener takes items: AT_LEAST_ONCE (takes under leases), AT_MOST_ONCE (pops without a lease) or CIRCULAR
	 * (rotation). Default: AT_LEAST_ONCE.
	 */
	private @Nullable QueueMode mode;

	/**
	 * Attempts before an item of a @QueueListener is moved to the dead-letter list. Default: 3.
	 */
	private @Nullable Integer maxAttempts;

	/**
	 * How long the lease of a take of a @QueueListener lasts unless its consumer extends it (every third of it); at
	 * least 1s. Default: 30s.
	 */
	private @Nullable Duration leaseTimeout;

	/**
	 * How often a @QueueListener moves due delayed items to the queue, takes back expired leases and refreshes the
	 * gauges. Default: 500ms.
	 */
	private @Nullable Duration maintenanceInterval;

	/**
	 * The pause of a CIRCULAR @QueueListener after every full rotation of the list. Default: 1s.
	 */
	private @Nullable Duration rotationInterval;

	/**
	 * The global rate limit of a @QueueListener, {@code <count>/<duration>} such as 100/1s: at most count items taken
	 * from each queue in any window of that length, by all instances together. Default: none.
	 */
	private @Nullable String rateLimit;

	/**
	 * Messages a @RedisSubscriber buffers between the Redis connection and the workers; further messages are dropped
	 * and counted. Default: 10000.
	 */
	private @Nullable Integer bufferSize;

	/**
	 * Where a @RedisSubscriber's method runs: WORKERS, on its worker threads behind the buffer; or EVENT_LOOP, on the
	 * Lettuce event loop that received the message, with no hand-off (concurrency 1 and a void method only).
	 * Default: WORKERS.
	 */
	private @Nullable Dispatch dispatch;

	/**
	 * In a cluster, how often a @RedisSubscriber re-reads the topology to move subscriptions whose node failed or whose
	 * slot moved. Default: 5s.
	 */
	private @Nullable Duration topologyRefreshInterval;

	/**
	 * How long a subscribe command of a @RedisSubscriber may wait for Redis to confirm before it is retried. Default:
	 * 5s.
	 */
	private @Nullable Duration subscribeTimeout;

	/**
	 * The number of partitions of the logical stream of a @StreamListener (1 to 1024): stream keys spread over the cluster's masters, each consumed by one instance of the group at a time. Unset: one plain stream key.
	 */
	private @Nullable Integer partitions;

	/**
	 * In what order entries of a @StreamListener run with several workers: NONE, or KEY (entries with the same key one at a time, in stream order; different keys in parallel). Default: NONE.
	 */
	private @Nullable Ordering ordering;

	/**
	 * With ordering KEY, the entry field that holds the key. Default: h.key (the key header the template writes).
	 */
	private @Nullable String orderingKey;

	/**
	 * How long an instance owns a partition of a partitioned stream without renewing its lease (renewed every third of it); at least 1s. Default: 10s.
	 */
	private @Nullable Duration partitionLease;

	public @Nullable String getStream() {
		return this.stream;
	}

	public void setStream(@Nullable String stream) {
		this.stream = stream;
	}

	public @Nullable String getGroup() {
		return this.group;
	}

	public void setGroup(@Nullable String group) {
		this.group = group;
	}

	public @Nullable String getConsumer() {
		return this.consumer;
	}

	public void setConsumer(@Nullable String consumer) {
		this.consumer = consumer;
	}

	public @Nullable String getQueue() {
		return this.queue;
	}

	public void setQueue(@Nullable String queue) {
		this.queue = queue;
	}

	public @Nullable List<String> getQueues() {
		return this.queues;
	}

	public void setQueues(@Nullable List<String> queues) {
		this.queues = queues;
	}

	public @Nullable List<String> getChannels() {
		return this.channels;
	}

	public void setChannels(@Nullable List<String> channels) {
		this.channels = channels;
	}

	public @Nullable List<String> getPatterns() {
		return this.patterns;
	}

	public void setPatterns(@Nullable List<String> patterns) {
		this.patterns = patterns;
	}

	public @Nullable Boolean getSharded() {
		return this.sharded;
	}

	public void setSharded(@Nullable Boolean sharded) {
		this.sharded = sharded;
	}

	public @Nullable AckMode getAckMode() {
		return this.ackMode;
	}

	public void setAckMode(@Nullable AckMode ackMode) {
		this.ackMode = ackMode;
	}

	public @Nullable Integer getMaxDeliveries() {
		return this.maxDeliveries;
	}

	public void setMaxDeliveries(@Nullable Integer maxDeliveries) {
		this.maxDeliveries = maxDeliveries;
	}

	public @Nullable Duration getClaimMinIdle() {
		return this.claimMinIdle;
	}

	public void setClaimMinIdle(@Nullable Duration claimMinIdle) {
		this.claimMinIdle = claimMinIdle;
	}

	public @Nullable Duration getClaimInterval() {
		return this.claimInterval;
	}

	public void setClaimInterval(@Nullable Duration claimInterval) {
		this.claimInterval = claimInterval;
	}

	public @Nullable String getStart() {
		return this.start;
	}

	public void setStart(@Nullable String start) {
		this.start = start;
	}

	public @Nullable Integer getRetries() {
		return this.retries;
	}

	public void setRetries(@Nullable Integer retries) {
		this.retries = retries;
	}

	public @Nullable Duration getConsumerIdleTimeout() {
		return this.consumerIdleTimeout;
	}

	public void setConsumerIdleTimeout(@Nullable Duration consumerIdleTimeout) {
		this.consumerIdleTimeout = consumerIdleTimeout;
	}

	public @Nullable QueueMode getMode() {
		return this.mode;
	}

	public void setMode(@Nullable QueueMode mode) {
		this.mode = mode;
	}

	public @Nullable Integer getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(@Nullable Integer maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public @Nullable Duration getLeaseTimeout() {
		return this.leaseTimeout;
	}

	public void setLeaseTimeout(@Nullable Duration leaseTimeout) {
		this.leaseTimeout = leaseTimeout;
	}

	public @Nullable Duration getMaintenanceInterval() {
		return this.maintenanceInterval;
	}

	public void setMaintenanceInterval(@Nullable Duration maintenanceInterval) {
		this.maintenanceInterval = maintenanceInterval;
	}

	public @Nullable Duration getRotationInterval() {
		return this.rotationInterval;
	}

	public void setRotationInterval(@Nullable Duration rotationInterval) {
		this.rotationInterval = rotationInterval;
	}

	public @Nullable String getRateLimit() {
		return this.rateLimit;
	}

	public void setRateLimit(@Nullable String rateLimit) {
		this.rateLimit = rateLimit;
	}

	public @Nullable Dispatch getDispatch() {
		return this.dispatch;
	}

	public void setDispatch(@Nullable Dispatch dispatch) {
		this.dispatch = dispatch;
	}

	public @Nullable Integer getBufferSize() {
		return this.bufferSize;
	}

	public void setBufferSize(@Nullable Integer bufferSize) {
		this.bufferSize = bufferSize;
	}

	public @Nullable Duration getTopologyRefreshInterval() {
		return this.topologyRefreshInterval;
	}

	public void setTopologyRefreshInterval(@Nullable Duration topologyRefreshInterval) {
		this.topologyRefreshInterval = topologyRefreshInterval;
	}

	public @Nullable Duration getSubscribeTimeout() {
		return this.subscribeTimeout;
	}

	public void setSubscribeTimeout(@Nullable Duration subscribeTimeout) {
		this.subscribeTimeout = subscribeTimeout;
	}

	public @Nullable Integer getPartitions() {
		return this.partitions;
	}

	public void setPartitions(@Nullable Integer partitions) {
		this.partitions = partitions;
	}

	public @Nullable Ordering getOrdering() {
		return this.ordering;
	}

	public void setOrdering(@Nullable Ordering ordering) {
		this.ordering = ordering;
	}

	public @Nullable String getOrderingKey() {
		return this.orderingKey;
	}

	public void setOrderingKey(@Nullable String orderingKey) {
		this.orderingKey = orderingKey;
	}

	public @Nullable Duration getPartitionLease() {
		return this.partitionLease;
	}

	public void setPartitionLease(@Nullable Duration partitionLease) {
		this.partitionLease = partitionLease;
	}

}

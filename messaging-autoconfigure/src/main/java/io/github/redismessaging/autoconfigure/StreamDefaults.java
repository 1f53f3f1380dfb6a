package io.github.redismessaging.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.stream.AckMode;
import io.github.redismessaging.stream.Ordering;

/**
 * Defaults for every {@code @StreamListener} listener, under {@code redis.messaging.stream.defaults}.
 */
public class StreamDefaults extends PollingListenerSettings {

	/**
	 * When entries are acknowledged: AUTO after the method returns, MANUAL through an Acknowledgment parameter, NONE
	 * never (NOACK, at most once). Default: AUTO.
	 */
	private @Nullable AckMode ackMode;

	/**
	 * Deliveries after which a failing entry is moved to the dead-letter stream. Default: 5.
	 */
	private @Nullable Integer maxDeliveries;

	/**
	 * How long an entry must have been pending before pending recovery claims it for redelivery. Default: 30s.
	 */
	private @Nullable Duration claimMinIdle;

	/**
	 * How often pending recovery and group maintenance run. Default: 5s.
	 */
	private @Nullable Duration claimInterval;

	/**
	 * Where a new group starts: latest ($), earliest (0) or an entry id; for fan-out, where reading starts.
	 * Default: latest.
	 */
	private @Nullable String start;

	/**
	 * In-process retries of a failed entry, after the backoff, before the delivery counts as failed. Default: 0.
	 */
	private @Nullable Integer retries;

	/**
	 * Consumers of the group with no pending entries and idle longer than this are removed from the group.
	 * Default: 24h.
	 */
	private @Nullable Duration consumerIdleTimeout;

	/**
	 * In what order entries run with several workers: NONE, or KEY (entries with the same key one at a time, in stream order; different keys in parallel). Default: NONE.
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

package io.github.redismessaging.stream;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.lettuce.core.cluster.SlotHash;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.listener.NotRetryable;
import io.github.redismessaging.listener.support.ConsumerNames;
import io.github.redismessaging.listener.support.FailureHandlers;
import io.github.redismessaging.listener.support.PollingListenerContainer;
import io.github.redismessaging.listener.support.RetryBackOff;

/**
 * The validated settings of one {@code @StreamListener}.
 */
record StreamSettings(String stream, String key, String group, String consumer, int concurrency, int batchSize,
		Duration block, AckMode ackMode, int maxDeliveries, Duration claimMinIdle, Duration claimInterval,
		String start, @Nullable String deadLetterKey, boolean autoStartup, int retries, RetryBackOff backoff,
		Duration shutdownTimeout, Duration consumerIdleTimeout, NotRetryable notRetryable, Ordering ordering,
		String orderingKey, int partitions, Duration partitionLease) implements PollingListenerContainer.Settings {

	/** The field of the key header the template writes, which routes to a partition and orders by default. */
	static final String KEY_FIELD = StreamFields.HEADER_PREFIX + StreamFields.KEY_HEADER;

	/** The most partitions a logical stream can have. */
	static final int MAX_PARTITIONS = 1024;

	static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("concurrency", "1"),
			Map.entry("batchSize", "100"), Map.entry("block", "2s"), Map.entry("ackMode", "AUTO"),
			Map.entry("maxDeliveries", "5"), Map.entry("claimMinIdle", "30s"), Map.entry("claimInterval", "5s"),
			Map.entry("start", "latest"), Map.entry("deadLetter", "true"), Map.entry("autoStartup", "true"),
			Map.entry("retries", "0"), Map.entry(RetryBackOff.DELAY, "1s"), Map.entry(RetryBackOff.MULTIPLIER, "2"),
			Map.entry(RetryBackOff.MAX_DELAY, "30s"), Map.entry(RetryBackOff.JITTER, "0ms"),
			Map.entry("shutdownTimeout", "30s"), Map.entry("consumerIdleTimeout", "24h"),
			Map.entry("asyncTimeout", "30s"), Map.entry("ordering", "NONE"), Map.entry("orderingKey", KEY_FIELD),
			Map.entry("partitions", ""), Map.entry("partitionLease", "10s"),
			Map.entry(NotRetryable.ATTRIBUTE, ""), Map.entry(FailureHandlers.ATTRIBUTE, ""));

	boolean isGroup() {
		return this.group != null;
	}

	boolean hasDeadLetter() {
		return this.deadLetterKey != null;
	}

	static StreamSettings from(String listenerId, ListenerAttributes attributes, KeyNames keys) {
		String stream = attributes.getString("stream");
		if (!StringUtils.hasText(stream)) {
			throw attributes.invalid("stream", "the stream to consume is required");
		}
		String group = StringUtils.hasText(attributes.getString("group")) ? attributes.getString("group") : null;
		AckMode ackMode = attributes.get("ackMode", AckMode.class);
		if (group == null && ackMode == AckMode.MANUAL) {
			throw attributes.invalid("ackMode", "MANUAL needs a consumer group: there is nothing to acknowledge "
					+ "when reading without 'group'");
		}
		String consumer = StringUtils.hasText(attributes.getString("consumer")) ? attributes.getString("consumer")
				: ConsumerNames.unique(listenerId);
		return new StreamSettings(stream, keys.key(stream), group, consumer, attributes.getInt("concurrency", 1),
				attributes.getInt("batchSize", 1), positive(attributes, "block"), ackMode,
				attributes.getInt("maxDeliveries", 1), positive(attributes, "claimMinIdle"),
				positive(attributes, "claimInterval"), start(attributes, group != null),
				deadLetterKey(stream, attributes, keys), attributes.get("autoStartup", Boolean.class),
				attributes.getInt("retries", 0), RetryBackOff.from(attributes),
				positive(attributes, "shutdownTimeout"), positive(attributes, "consumerIdleTimeout"),
				NotRetryable.from(attributes), attributes.get("ordering", Ordering.class), orderingKey(attributes),
				partitions(attributes, group != null), partitionLease(attributes));
	}

	boolean isPartitioned() {
		return this.partitions > 0;
	}

	/**
	 * The settings of one partition of a partitioned stream: its key, and the dead-letter stream in its slot.
	 * @param partitionKey the partition's stream key
	 * @return the settings
	 */
	StreamSettings forPartition(String partitionKey) {
		String deadLetter = hasDeadLetter() ? KeyNames.NO_PREFIX.deadLetter(partitionKey) : null;
		return new StreamSettings(this.stream, partitionKey, this.group, this.consumer, this.concurrency,
				this.batchSize, this.block, this.ackMode, this.maxDeliveries, this.claimMinIdle, this.claimInterval,
				this.start, deadLetter, this.autoStartup, this.retries, this.backoff, this.shutdownTimeout,
				this.consumerIdleTimeout, this.notRetryable, this.ordering, this.orderingKey, this.partitions,
				this.partitionLease);
	}

	private static String orderingKey(ListenerAttributes attributes) {
		String field = attributes.getString("orderingKey").trim();
		if (field.isEmpty()) {
			throw attributes.invalid("orderingKey", "must name the entry field that holds the key, such as h.key");
		}
		return field;
	}

	private static int partitions(ListenerAttributes attributes, boolean group) {
		if (!StringUtils.hasText(attributes.getString("partitions"))) {
			return 0;
		}
		int partitions = attributes.getInt("partitions", 1);
		if (partitions > MAX_PARTITIONS) {
			throw attributes.invalid("partitions", "must be at most " + MAX_PARTITIONS + " but is " + partitions);
		}
		if (!group) {
			throw attributes.invalid("partitions", "a partitioned stream is consumed by a group: set 'group', or "
					+ "remove 'partitions' to read one stream key");
		}
		String deadLetter = attributes.getString("deadLetter").trim();
		if (!deadLetter.equalsIgnoreCase("true") && !deadLetter.equalsIgnoreCase("false")) {
			throw attributes.invalid("deadLetter", "a partitioned stream dead-letters each partition's entries to that "
					+ "partition's {stream/i}:dlq, in its slot; use true or false, not '" + deadLetter + "'",
					List.of("true", "false"));
		}
		String stream = attributes.getString("stream");
		if (stream.indexOf('{') >= 0 || stream.indexOf('}') >= 0) {
			throw attributes.invalid("partitions", "stream '" + stream + "' has a hash tag, which would put every "
					+ "partition in one slot; use a name without braces");
		}
		return partitions;
	}

	private static Duration partitionLease(ListenerAttributes attributes) {
		Duration lease = positive(attributes, "partitionLease");
		if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
			throw attributes.invalid("partitionLease", "must be at least 1s but is " + lease);
		}
		return lease;
	}

	private static String start(ListenerAttributes attributes, boolean group) {
		String start = attributes.getString("start").trim().toLowerCase(Locale.ROOT);
		switch (start) {
			case "latest", "$":
				return "$";
			case "earliest", "beginning", "0":
				return "0-0";
			default:
				if (StreamEntryId.matches(start)) {
					return start;
				}
				throw attributes.invalid("start", "'" + attributes.getString("start") + "' (from "
						+ attributes.source("start") + ") is not a start position: use latest ($), earliest (0) "
						+ "or an entry id such as 1700000000000-0",
						List.of("latest ($)", "earliest (0)", "an entry id such as 1700000000000-0"));
		}
	}

	private static @Nullable String deadLetterKey(String stream, ListenerAttributes attributes, KeyNames keys) {
		String value = attributes.getString("deadLetter").trim();
		if (value.equalsIgnoreCase("true")) {
			return keys.deadLetter(stream);
		}
		if (value.equalsIgnoreCase("false")) {
			return null;
		}
		String key = keys.key(value);
		if (SlotHash.getSlot(key) != SlotHash.getSlot(keys.key(stream))) {
			throw attributes.invalid("deadLetter", "stream '" + value + "' does not hash to the slot of '" + stream
					+ "', so dead-lettering cannot be atomic in a cluster; use a hash tag, for example '{" + stream
					+ "}:failed', or 'true' for " + keys.deadLetter(stream),
					List.of("true", "false", "a stream in the same hash slot, such as {" + stream + "}:failed"));
		}
		return key;
	}

	private static Duration positive(ListenerAttributes attributes, String name) {
		Duration duration = attributes.get(name, Duration.class);
		if (duration.isNegative() || duration.isZero()) {
			throw attributes.invalid(name, "must be a positive duration but is " + duration);
		}
		return duration;
	}

	@Override
	public String describe() {
		return isGroup() ? "stream '" + this.key + "' group '" + this.group + "'" : "stream '" + this.key + "' (fan-out)";
	}

}

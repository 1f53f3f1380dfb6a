package io.github.redismessaging.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.listener.NotRetryable;
import io.github.redismessaging.listener.support.FailureHandlers;
import io.github.redismessaging.listener.support.PollingListenerContainer;
import io.github.redismessaging.listener.support.RetryBackOff;

/**
 * The validated settings of one {@code @QueueListener}.
 */
record QueueSettings(List<QueueKeys> queues, QueueMode mode, int concurrency, int batchSize, Duration block,
		int maxAttempts, RetryBackOff backoff, boolean deadLetter, boolean autoStartup, Duration leaseTimeout,
		Duration maintenanceInterval, Duration shutdownTimeout, Duration rotationInterval, @Nullable RateLimit rateLimit,
		String consumer, NotRetryable notRetryable) implements PollingListenerContainer.Settings {

	/** The most items one take moves: the take script's arguments must stay well inside Lua's stack. */
	static final int MAX_BATCH_SIZE = 1000;

	/** The shortest lease: extensions run every third of it, and a shorter one is mostly spent in round trips. */
	static final Duration MIN_LEASE_TIMEOUT = Duration.ofSeconds(1);

	static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("mode", "AT_LEAST_ONCE"),
			Map.entry("concurrency", "1"), Map.entry("batchSize", "10"), Map.entry("block", "2s"),
			Map.entry("maxAttempts", "3"), Map.entry(RetryBackOff.DELAY, "1s"),
			Map.entry(RetryBackOff.MULTIPLIER, "2"), Map.entry(RetryBackOff.MAX_DELAY, "1m"),
			Map.entry(RetryBackOff.JITTER, "0ms"), Map.entry("deadLetter", "true"),
			Map.entry("autoStartup", "true"), Map.entry("leaseTimeout", "30s"),
			Map.entry("maintenanceInterval", "500ms"), Map.entry("shutdownTimeout", "30s"),
			Map.entry("rotationInterval", "1s"), Map.entry("asyncTimeout", "30s"),
			Map.entry(NotRetryable.ATTRIBUTE, ""), Map.entry(FailureHandlers.ATTRIBUTE, ""),
			Map.entry(RateLimit.ATTRIBUTE, ""));

	static QueueSettings from(String consumer, ListenerAttributes attributes, KeyNames keys) {
		List<String> names = new ArrayList<>(attributes.getList("queue"));
		names.addAll(attributes.getList("queues"));
		if (names.isEmpty()) {
			throw attributes.invalid("queue", "the queue to consume is required; set 'queue', or 'queues' for "
					+ "several queues in priority order");
		}
		if (!attributes.getList("queue").isEmpty() && !attributes.getList("queues").isEmpty()) {
			throw attributes.invalid("queues", "set either 'queue' or 'queues', not both");
		}
		QueueMode mode = attributes.get("mode", QueueMode.class);
		if (mode == QueueMode.CIRCULAR && names.size() > 1) {
			throw attributes.invalid("mode", "CIRCULAR rotates one list; it cannot take several 'queues'");
		}
		String deadLetter = attributes.getString("deadLetter").trim();
		if (!deadLetter.equalsIgnoreCase("true") && !deadLetter.equalsIgnoreCase("false")) {
			throw attributes.invalid("deadLetter", "'" + deadLetter + "' must be true ({queue}:dlq) or false",
					List.of("true", "false"));
		}
		List<QueueKeys> queueKeys = names.stream().map((name) -> QueueKeys.of(name, keys)).toList();
		int batchSize = attributes.getInt("batchSize", 1);
		if (batchSize > MAX_BATCH_SIZE) {
			throw attributes.invalid("batchSize", batchSize + " is more than a take may move; use at most "
					+ MAX_BATCH_SIZE);
		}
		Duration leaseTimeout = positive(attributes, "leaseTimeout");
		if (leaseTimeout.compareTo(MIN_LEASE_TIMEOUT) < 0) {
			throw attributes.invalid("leaseTimeout", leaseTimeout + " is too short; use at least 1s, and more than "
					+ "the longest time a consumer may be cut off from Redis (a GC pause, a failover)");
		}
		RateLimit rateLimit = RateLimit.from(attributes);
		if (rateLimit != null && mode == QueueMode.CIRCULAR) {
			throw attributes.invalid(RateLimit.ATTRIBUTE, "CIRCULAR rotates the list and takes nothing from it; a rate "
					+ "limit caps takes, so use rotationInterval to slow a rotation down");
		}
		return new QueueSettings(queueKeys, mode, attributes.getInt("concurrency", 1), batchSize,
				positive(attributes, "block"), attributes.getInt("maxAttempts", 1),
				RetryBackOff.from(attributes), Boolean.parseBoolean(deadLetter),
				attributes.get("autoStartup", Boolean.class), leaseTimeout,
				positive(attributes, "maintenanceInterval"), positive(attributes, "shutdownTimeout"),
				positive(attributes, "rotationInterval"), rateLimit, consumer, NotRetryable.from(attributes));
	}

	/**
	 * The delay before retry number {@code attempt} (1 for the first retry).
	 */
	long backoffMillis(int attempt) {
		return this.backoff.delayMillis(attempt);
	}

	/**
	 * How often the leases this consumer holds are extended: a third of the lease timeout, so that two extensions
	 * can fail before a lease runs out.
	 */
	Duration extendInterval() {
		return this.leaseTimeout.dividedBy(3);
	}

	@Override
	public String describe() {
		return ((this.queues.size() == 1) ? "queue " : "queues (in priority order) ")
				+ this.queues.stream().map(QueueKeys::key).toList() + " " + this.mode
				+ ((this.rateLimit != null) ? " at most " + this.rateLimit.count() + " per " + this.rateLimit.window()
						: "");
	}

	private static Duration positive(ListenerAttributes attributes, String name) {
		Duration duration = attributes.get(name, Duration.class);
		if (duration.isNegative() || duration.isZero()) {
			throw attributes.invalid(name, "must be a positive duration but is " + duration);
		}
		return duration;
	}

}

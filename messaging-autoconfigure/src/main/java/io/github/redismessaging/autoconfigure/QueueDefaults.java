package io.github.redismessaging.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.queue.QueueMode;

/**
 * Defaults for every {@code @QueueListener} listener, under {@code redis.messaging.queue.defaults}.
 */
public class QueueDefaults extends PollingListenerSettings {

	/**
	 * How items are taken: AT_LEAST_ONCE (takes under leases), AT_MOST_ONCE (pops without a lease) or CIRCULAR (rotation).
	 * Default: AT_LEAST_ONCE.
	 */
	private @Nullable QueueMode mode;

	/**
	 * Attempts before an item is moved to the dead-letter list. Default: 3.
	 */
	private @Nullable Integer maxAttempts;

	/**
	 * How long the lease of a take (the items of one fetch) lasts unless its consumer extends it (every third of
	 * it); the items of a take whose lease runs out (its consumer crashed, or was paused or cut off from Redis for
	 * longer) return to the queue. At least 1s. Default: 30s.
	 */
	private @Nullable Duration leaseTimeout;

	/**
	 * How often due delayed items are moved to the queue, expired leases are taken back and the gauges refreshed.
	 * Default: 500ms.
	 */
	private @Nullable Duration maintenanceInterval;

	/**
	 * In CIRCULAR mode, the pause after every full rotation of the list. Default: 1s.
	 */
	private @Nullable Duration rotationInterval;

	/**
	 * Global rate limit, {@code <count>/<duration>} such as 100/1s: at most count items taken from each queue in
	 * any window of that length, by all instances together; items over it wait in the queue. Not for CIRCULAR.
	 * Default: empty (none).
	 */
	private @Nullable String rateLimit;

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

}

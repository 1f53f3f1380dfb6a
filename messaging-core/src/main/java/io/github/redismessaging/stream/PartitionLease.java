package io.github.redismessaging.stream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * This instance's view of its lease on one partition: valid until a local deadline derived from the last renewal
 * that Redis confirmed. The deadline counts from when that renewal was sent, before Redis set the key's expiry, so
 * it always passes before the key expires in Redis: once it has passed, another instance may own the partition, and
 * nothing of it is read, handled or acknowledged here ({@link #held()} is the fence). {@link System#nanoTime()}
 * keeps running while the process is stopped (SIGSTOP), so a resumed process sees at once that its lease ran out.
 */
final class PartitionLease {

	/** Kept off the deadline for the difference in clock rates between this host and Redis's. */
	private static final long MARGIN_NANOS = Duration.ofMillis(100).toNanos();

	private final int partition;

	private final String key;

	private final String leaseKey;

	private final String owner;

	private volatile long validUntilNanos;

	private volatile boolean valid;

	/** Whether the lease was ever granted: only the first grant may start it. */
	private boolean granted;

	private volatile boolean takenOver;

	PartitionLease(int partition, String key, String leaseKey, String owner) {
		this.partition = partition;
		this.key = key;
		this.leaseKey = leaseKey;
		this.owner = owner;
	}

	int partition() {
		return this.partition;
	}

	/** The partition's stream key. */
	String key() {
		return this.key;
	}

	/** The key of the lease in Redis. */
	String leaseKey() {
		return this.leaseKey;
	}

	/** What the lease holds while this instance owns it: {@link PartitionLeases#owner()}. */
	String owner() {
		return this.owner;
	}

	/**
	 * Records a renewal (or the acquisition) that Redis confirmed. A lease that has ended or run out here stays
	 * ended: what was fenced meanwhile must not be followed by handling more entries of the same keys.
	 * @param sentNanos {@link System#nanoTime()} before the command was sent
	 * @param lease the expiry the command set
	 */
	synchronized void renewed(long sentNanos, Duration lease) {
		if (!this.granted || held()) {
			this.granted = true;
			this.validUntilNanos = sentNanos + lease.toNanos() - MARGIN_NANOS;
			this.valid = true;
		}
	}

	/**
	 * How long the lease lasts here from now.
	 * @return the milliseconds left, 0 once it has ended or run out
	 */
	long remainingMillis() {
		return held() ? TimeUnit.NANOSECONDS.toMillis(this.validUntilNanos - System.nanoTime()) : 0;
	}

	/** Ends the lease here: it was released, or Redis said another instance owns it. */
	void end() {
		this.valid = false;
	}

	/** Records that what earlier owners left pending has been claimed: new entries may be read. */
	void takenOver() {
		this.takenOver = true;
	}

	boolean isTakenOver() {
		return this.takenOver;
	}

	/**
	 * Whether new entries may be read: the lease is held and the partition taken over.
	 * @return whether to read
	 */
	boolean readable() {
		return this.takenOver && held();
	}

	/**
	 * Whether this instance still owns the partition.
	 * @return false once the lease has ended or its deadline has passed
	 */
	boolean held() {
		if (this.valid && System.nanoTime() - this.validUntilNanos >= 0) {
			this.valid = false;
		}
		return this.valid;
	}

}

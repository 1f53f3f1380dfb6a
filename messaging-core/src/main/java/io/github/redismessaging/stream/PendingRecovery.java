package io.github.redismessaging.stream;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.listener.support.BoundedWorkers;
import io.github.redismessaging.listener.support.ThrottledLog;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Claims entries that other consumers (crashed, stuck, or this one after a failure) left pending for longer than
 * {@code claimMinIdle}, and hands them to the workers, as far as they have room. Each batch is one run of
 * {@link StreamFailures#claim}, which also dead-letters the entries that have used up their deliveries.
 * <p>
 * A partition just taken over is different ({@link #takeOver}): every entry pending there, however briefly idle,
 * belongs to a consumer that no longer owns the partition, so all are claimed, waiting for room, before new entries
 * are read: entries of a key then run in stream order across a change of owner.
 */
final class PendingRecovery {

	private static final Log logger = LogFactory.getLog(PendingRecovery.class);

	private static final String FIRST = "0-0";

	private final StreamSettings settings;

	private final String listenerId;

	private final StreamFailures failures;

	private final BoundedWorkers<StreamEntry> workers;

	private final ListenerMetrics metrics;

	private final @Nullable WaitingEntries waiting;

	private final ThrottledLog failuresLog;

	/**
	 * Creates the recovery.
	 * @param waiting where claimed entries wait for their key, {@code null} unless the listener is key-ordered
	 * @param failuresLog where failed runs are logged, shared by the partitions of one listener
	 */
	PendingRecovery(StreamSettings settings, String listenerId, StreamFailures failures,
			BoundedWorkers<StreamEntry> workers, ListenerMetrics metrics, @Nullable WaitingEntries waiting,
			ThrottledLog failuresLog) {
		this.waiting = waiting;
		this.failuresLog = failuresLog;
		this.settings = settings;
		this.listenerId = listenerId;
		this.failures = failures;
		this.workers = workers;
		this.metrics = metrics;
	}

	/**
	 * Claims and hands over idle pending entries until none are left or the workers' buffer is full.
	 */
	void run() {
		String start = FIRST;
		try {
			do {
				int room = this.workers.reserveAvailable(this.settings.batchSize());
				if (room == 0) {
					return;
				}
				start = claim(start, room, this.settings.claimMinIdle());
			}
			while (!start.equals(FIRST));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			this.failuresLog.warn("recovery", "Listener '" + this.listenerId + "': pending recovery of "
					+ this.settings.describe() + " failed; retrying on the next run: " + ex);
		}
	}

	/**
	 * Claims every pending entry of a partition just taken over, waiting for room in the workers' buffer.
	 * @param owned whether this instance still owns the partition
	 * @return whether every pending entry was claimed; false if ownership ended first
	 * @throws Exception if Redis fails; the caller tries again
	 */
	boolean takeOver(BooleanSupplier owned) throws Exception {
		String start = FIRST;
		do {
			if (!owned.getAsBoolean()) {
				return false;
			}
			int room = this.workers.reserve(this.settings.batchSize(), this.settings.block());
			if (room > 0) {
				start = claim(start, room, Duration.ZERO);
			}
		}
		while (!start.equals(FIRST));
		return true;
	}

	/** Claims one batch into reserved room and hands it over; returns where the next batch starts. */
	private String claim(String start, int room, Duration minIdle) throws Exception {
		StreamFailures.Claimed claimed = null;
		try {
			claimed = this.failures.claim(start, room, minIdle);
			if (this.waiting != null) {
				claimed.entries().forEach(this.waiting::add);
			}
		}
		finally {
			this.workers.handOver((claimed != null) ? claimed.entries() : List.of(), room);
		}
		for (int i = 0; i < claimed.entries().size(); i++) {
			this.metrics.retried(this.settings.key());
		}
		if (claimed.deleted() > 0) {
			this.metrics.deletedWhilePending(this.settings.key(), claimed.deleted());
			logger.info("Listener '" + this.listenerId + "': " + claimed.deleted() + " pending entries were deleted "
					+ "from " + this.settings.describe() + "; acknowledged");
		}
		return claimed.next();
	}

}

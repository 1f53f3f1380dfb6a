package io.github.redismessaging.stream;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.redismessaging.listener.support.BoundedWorkers;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Claims entries that other consumers (crashed, stuck, or this one after a failure) left pending for longer than
 * {@code claimMinIdle}, and hands them to the workers, as far as they have room. Each batch is one run of
 * {@link StreamFailures#claim}, which also dead-letters the entries that have used up their deliveries.
 */
final class PendingRecovery {

	private static final Log logger = LogFactory.getLog(PendingRecovery.class);

	private final StreamSettings settings;

	private final String listenerId;

	private final StreamFailures failures;

	private final BoundedWorkers<StreamEntry> workers;

	private final ListenerMetrics metrics;

	PendingRecovery(StreamSettings settings, String listenerId, StreamFailures failures,
			BoundedWorkers<StreamEntry> workers, ListenerMetrics metrics) {
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
		String start = "0-0";
		try {
			do {
				int room = this.workers.reserveAvailable(this.settings.batchSize());
				if (room == 0) {
					return;
				}
				StreamFailures.Claimed claimed = null;
				try {
					claimed = this.failures.claim(start, room);
				}
				finally {
					this.workers.handOver((claimed != null) ? claimed.entries() : List.of(), room);
				}
				for (int i = 0; i < claimed.entries().size(); i++) {
					this.metrics.retried(this.settings.key());
				}
				start = claimed.next();
				if (claimed.deleted() > 0) {
					this.metrics.deletedWhilePending(this.settings.key(), claimed.deleted());
					logger.info("Listener '" + this.listenerId + "': " + claimed.deleted()
							+ " pending entries were deleted from " + this.settings.describe() + "; acknowledged");
				}
			}
			while (!start.equals("0-0"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.warn("Listener '" + this.listenerId + "': pending recovery of " + this.settings.describe()
					+ " failed; retrying on the next run: " + ex);
		}
	}

}

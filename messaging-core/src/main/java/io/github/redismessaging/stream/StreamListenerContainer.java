package io.github.redismessaging.stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.support.BoundedWorkers;
import io.github.redismessaging.listener.support.ListenerThreads;
import io.github.redismessaging.listener.support.FetchLoop;
import io.github.redismessaging.listener.support.PollingListenerContainer;
import io.github.redismessaging.listener.support.ThrottledLog;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Runs one {@code @StreamListener}: reads the stream in batches and, for a group, acknowledges in batches and runs
 * pending recovery and group maintenance periodically. A stopped group listener leaves what it has not finished
 * pending, for pending recovery.
 */
final class StreamListenerContainer extends PollingListenerContainer<StreamEntry> {

	private static final Log logger = LogFactory.getLog(StreamListenerContainer.class);

	private static final Duration READ_TIMEOUT_MARGIN = Duration.ofSeconds(5);

	private static final Duration GROUP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration PARTITIONING_CHECK_INTERVAL = Duration.ofMinutes(1);

	private final ThrottledLog partitioned = new ThrottledLog(logger, Duration.ofMinutes(1));

	private final StreamSettings settings;

	private final PendingRecovery recovery;

	private final @Nullable GroupMaintenance maintenance;

	private final @Nullable PartitionLease lease;

	private final RedisConnections connections;

	private final @Nullable WaitingEntries waiting;

	private final ThrottledLog readFailures;

	/**
	 * Creates the container.
	 * @param maintenance the group's maintenance; {@code null} on a partition, which its partitioned container
	 * maintains
	 * @param lease the lease of the partition this container reads, {@code null} for a plain stream
	 * @param waiting the entries waiting for their key, kept from pending recovery; {@code null} unless the
	 * listener is key-ordered
	 * @param readFailures where read failures are logged, shared by the partitions of one listener
	 */
	StreamListenerContainer(String id, StreamSettings settings, RedisConnections connections, ListenerThreads threads,
			BoundedWorkers<StreamEntry> workers, Acker acker, PendingRecovery recovery,
			@Nullable GroupMaintenance maintenance, @Nullable PartitionLease lease, @Nullable WaitingEntries waiting,
			ThrottledLog readFailures, ListenerMetrics metrics) {
		super(id, ListenerKind.STREAM, settings, threads, workers, opener(connections, settings, lease), (entry) -> {
			metrics.received(settings.key());
			if (waiting != null) {
				waiting.add(entry);
			}
		}, acker, readFailures);
		this.waiting = waiting;
		this.readFailures = readFailures;
		this.settings = settings;
		this.recovery = recovery;
		this.maintenance = maintenance;
		this.lease = lease;
		this.connections = connections;
	}

	private static FetchLoop.SourceOpener<StreamEntry> opener(RedisConnections connections, StreamSettings settings,
			@Nullable PartitionLease lease) {
		Duration readTimeout = settings.block().plus(READ_TIMEOUT_MARGIN);
		return () -> new StreamReads(connections.openDedicated(readTimeout.plus(READ_TIMEOUT_MARGIN)), settings,
				readTimeout, lease);
	}

	@Override
	protected void onStart() {
		if (this.settings.isGroup()) {
			Duration first = (this.lease != null) ? Duration.ZERO : this.settings.claimInterval();
			schedule("recovery", this::recoverAndMaintain, first, this.settings.claimInterval());
		}
		if (this.lease == null) {
			schedule("partitioning", this::checkNotPartitioned, Duration.ZERO, PARTITIONING_CHECK_INTERVAL);
		}
	}

	/**
	 * A plain stream listener on a name that has become a partitioned stream reads a key that producers no longer
	 * write: nothing is lost yet, but nothing arrives. Said loudly, since only the configuration can fix it.
	 */
	private void checkNotPartitioned() {
		StreamPartitions partitions = PartitionedStreams.recorded(this.connections, KeyNames.NO_PREFIX,
				this.settings.key());
		if (partitions != null) {
			this.partitioned.warn("partitioned", "Listener '" + id() + "' reads the plain stream '"
					+ this.settings.key() + "', but it is partitioned (" + partitions.count() + " partitions recorded "
					+ "in " + partitions.metaKey() + "): producers append to its partitions, so this listener "
					+ "receives nothing new; set partitions = " + partitions.count() + " on it");
		}
	}

	private void recoverAndMaintain() {
		if (this.lease != null && !this.lease.isTakenOver()) {
			takeOver(this.lease);
		}
		else if (!isPaused() && (this.lease == null || this.lease.held())) {
			keepWaiting();
			this.recovery.run();
		}
		if (this.maintenance != null) {
			this.maintenance.run();
		}
	}

	private void keepWaiting() {
		if (this.waiting != null) {
			try {
				this.waiting.keep(this.connections, this.settings);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (Exception ex) {
				this.readFailures.warn("keep", "Listener '" + id() + "' could not keep the entries waiting for their "
						+ "key on " + this.settings.describe() + "; retrying in " + this.settings.claimInterval() + ": "
						+ ex);
			}
		}
	}

	@Override
	protected void afterStop() {
		if (this.waiting != null) {
			this.waiting.clear();
		}
	}

	/**
	 * Claims what earlier owners of the partition left pending, then lets reads of new entries begin; a failure
	 * leaves reads waiting for the next run.
	 */
	private void takeOver(PartitionLease taken) {
		try {
			StreamReads.ensureGroup(this.connections.commands(), this.settings, GROUP_TIMEOUT.toMillis());
			if (this.recovery.takeOver(taken::held)) {
				taken.takenOver();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			this.readFailures.warn("takeover", "Listener '" + id() + "' could not claim the entries pending on "
					+ this.settings.describe() + " before reading it; trying again in " + this.settings.claimInterval()
					+ ": " + ex);
		}
	}

	@Override
	protected @Nullable String consumerName() {
		return this.settings.isGroup() ? this.settings.consumer() : null;
	}

	@Override
	protected Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("names", List.of(this.settings.stream()));
		details.put("stream", this.settings.key());
		if (this.settings.isGroup()) {
			details.put("group", this.settings.group());
			details.put("consumer", this.settings.consumer());
			if (this.maintenance != null) {
				details.putAll(this.maintenance.figures());
			}
		}
		details.put("concurrency", this.settings.concurrency());
		return details;
	}

}

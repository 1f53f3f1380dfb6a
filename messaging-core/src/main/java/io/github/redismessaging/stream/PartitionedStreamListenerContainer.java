package io.github.redismessaging.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.support.AbstractMessageListenerContainer;
import io.github.redismessaging.listener.support.ListenerThreads;
import io.github.redismessaging.listener.support.ThrottledLog;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Runs a {@code @StreamListener} on a partitioned stream: owns a fair share of its partitions under leases in Redis
 * ({@link PartitionLeases}), and runs one {@link StreamListenerContainer} per partition it owns
 * ({@link OwnedPartitions}).
 * <p>
 * On start it records the partition count in {@code {stream}:meta} and creates the group on every partition; a
 * different recorded count fails the start with an error naming both (when Redis is down, the first round that
 * reaches it checks, and the listener then takes no partition and reports the error; a count changed while it runs
 * stops its rebalancing the same way, while the partitions it holds go on). Every third of the lease time, on
 * a task of its own, the leases held are renewed and the partitions whose lease was lost are stopped; and a round
 * runs: it says this instance is alive, records the count again, and follows the {@link PartitionAssignment}:
 * partitions above this instance's share are given up, free ones up to it are taken. A partition it takes starts by claiming every entry left pending there (by a crashed
 * or fenced owner) before it reads new ones, which keeps each key's entries in order across the change.
 * <p>
 * The lease is the fence: once its local deadline has passed ({@link PartitionLease}), the partition's container
 * reads nothing, hands nothing to the listener and acknowledges nothing (the acknowledgment script checks the owner
 * in Redis), even before a round notices.
 * <p>
 * Pause: the partitions' containers pause, the leases are kept, nothing new is taken. Stop: no more rebalancing;
 * every partition is given up (its container stops while its lease is still renewed, then the lease is released),
 * and the instance leaves the members, so that the others take over at their next round.
 */
final class PartitionedStreamListenerContainer extends AbstractMessageListenerContainer {

	private static final Log logger = LogFactory.getLog(PartitionedStreamListenerContainer.class);

	/** Beyond the shutdown timeout and a read: the completions' flush, the tasks' stop, and some room. */
	private static final Duration STOP_MARGIN = Duration.ofSeconds(20);

	private final ThrottledLog throttled = new ThrottledLog(logger, Duration.ofSeconds(30));

	private final StreamSettings settings;

	private final RedisConnections connections;

	private final KeyNames keys;

	private final StreamPartitions partitions;

	private final PartitionLeases leases;

	private final List<GroupMaintenance> maintenance;

	private final OwnedPartitions owned;

	private volatile List<@Nullable String> owners;

	/** Partitions on which the group has not been created yet. */
	private final Set<Integer> withoutGroup = ConcurrentHashMap.newKeySet();

	private volatile boolean rebalancing;

	private final List<ListenerThreads.Repeating> tasks = new CopyOnWriteArrayList<>();

	private ListenerThreads.@Nullable Repeating renewal;

	/** Held by a round and by stop's end of rebalancing, so that no round takes a partition once stop began. */
	private final Object roundLock = new Object();

	PartitionedStreamListenerContainer(String id, StreamSettings settings, RedisConnections connections,
			ListenerThreads threads, KeyNames keys, ListenerMetrics metrics, OwnedPartitions.Partitions children) {
		super(id, ListenerKind.STREAM, settings.autoStartup(), threads);
		this.settings = settings;
		this.connections = connections;
		this.keys = keys;
		this.partitions = StreamPartitions.of(keys, settings.stream(), settings.partitions());
		this.leases = new PartitionLeases(connections, keys, this.partitions, settings);
		this.owned = new OwnedPartitions(id, settings, this.partitions, this.leases, children, this::isPaused);
		this.maintenance = new ArrayList<>(this.partitions.count());
		List<@Nullable String> none = new ArrayList<>();
		for (String key : this.partitions.keys()) {
			this.maintenance.add(new GroupMaintenance(connections, settings.forPartition(key), id, metrics));
			none.add(null);
		}
		this.owners = none;
		for (int i = 0; i < this.partitions.count(); i++) {
			this.withoutGroup.add(i);
		}
		metrics.gauge("redis.messaging.partitions.owned", settings.key(), "Partitions this instance consumes",
				this.owned::size);
	}

	@Override
	public String destination() {
		return "stream '" + this.settings.key() + "' (" + this.partitions.count() + " partitions) group '"
				+ this.settings.group() + "'";
	}

	@Override
	protected void doStart() {
		declareIfReachable();
		this.rebalancing = true;
		Duration third = this.leases.lease().dividedBy(3);
		this.renewal = threads().repeat(threadName("leases"), third, third, this::renew);
		this.tasks.add(threads().repeat(threadName("partitions"), Duration.ZERO, third, this::round));
		this.tasks.add(threads().repeat(threadName("maintenance"), this.settings.claimInterval(),
				this.settings.claimInterval(), () -> this.maintenance.forEach(GroupMaintenance::run)));
		logger.info("Listener '" + id() + "' started on " + destination() + " as consumer '"
				+ this.settings.consumer() + "' (member '" + this.leases.owner() + "')");
	}

	/**
	 * Fails the start on a partition count that differs from the recorded one; Redis being down only defers the
	 * check to the first round that reaches it.
	 */
	private void declareIfReachable() {
		try {
			declare();
		}
		catch (PartitionCountMismatchException ex) {
			throw ex;
		}
		catch (Exception ex) {
			logger.warn("Listener '" + id() + "' could not record the partition count of " + destination()
					+ " yet; it keeps trying: " + ex);
		}
	}

	/**
	 * Checks the recorded partition count, creates the group on every partition, owned here or not, and then
	 * records the count (again, every round, should {@code {stream}:meta} have been lost): producers route to the
	 * partitions only once the groups exist, so no entry is skipped by a group created later at {@code latest}. A
	 * partition whose group cannot be created (its node unreachable, its key of another type) is tried again every
	 * round, and holds up no other.
	 */
	private void declare() throws Exception {
		StreamPartitions recorded = PartitionedStreams.recorded(this.connections, this.keys, this.settings.stream());
		if (recorded != null && recorded.count() != this.partitions.count()) {
			throw new PartitionCountMismatchException(this.settings.stream(), recorded.metaKey(), recorded.count(),
					this.partitions.count());
		}
		createGroups();
		if (recorded == null) {
			PartitionedStreams.declare(this.connections, this.keys, this.settings.stream(), this.partitions.count());
		}
	}

	/** Sends every missing group's creation at once, and waits for them at most a third of the lease. */
	private void createGroups() throws InterruptedException {
		Map<Integer, CompletableFuture<Void>> creations = new LinkedHashMap<>();
		for (int partition : this.withoutGroup) {
			StreamSettings partitionSettings = this.settings.forPartition(this.partitions.keys().get(partition));
			creations.put(partition,
					StreamReads.ensureGroupAsync(this.connections.commands(), partitionSettings).toCompletableFuture());
		}
		long deadline = System.nanoTime() + this.leases.lease().dividedBy(3).toNanos();
		for (Map.Entry<Integer, CompletableFuture<Void>> creation : creations.entrySet()) {
			try {
				creation.getValue()
					.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
							TimeUnit.MILLISECONDS);
				this.withoutGroup.remove(creation.getKey());
			}
			catch (ExecutionException | TimeoutException ex) {
				this.throttled.warn("group", "Listener '" + id() + "' could not create group '" + this.settings.group()
						+ "' on partition " + this.partitions.keys().get(creation.getKey())
						+ "; trying again next round: " + ((ex.getCause() != null) ? ex.getCause() : ex));
			}
		}
	}

	/**
	 * Renews the leases held, on a task of its own, so that a slow node or a slow round delays no renewal: each
	 * renewal waits at most a third of the lease.
	 */
	private void renew() {
		try {
			this.owned.renew(this.leases.lease().dividedBy(3));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void round() {
		synchronized (this.roundLock) {
			if (this.rebalancing) {
				rebalance();
			}
		}
	}

	/**
	 * Says this instance is alive, reads the owners and follows the assignment. An owner that cannot be read counts
	 * as taken, so that a slow node never makes its partitions look free.
	 */
	private void rebalance() {
		Duration timeout = this.leases.lease().dividedBy(3);
		try {
			PartitionLeases.Members members = this.leases.heartbeat(timeout);
			if (members.replaced()) {
				this.throttled.warn("members", "Listener '" + id() + "': the members key of " + destination()
						+ " was not a sorted set; replaced");
			}
			declare();
			List<@Nullable String> current = this.leases.owners(timeout);
			this.owners = current;
			PartitionAssignment.Plan plan = PartitionAssignment.plan(members.names(), this.leases.owner(),
					this.owned.localView(current), this.owned.stopping());
			plan.release().forEach((partition) -> this.owned.stop(partition, true));
			if (!isPaused()) {
				this.owned.take(plan.take(), timeout);
			}
			IllegalStateException failure = this.owned.failure();
			if (failure != null) {
				this.failures.failed(failure);
			}
			else {
				this.failures.succeeded();
			}
			this.throttled.reset("round");
		}
		catch (PartitionCountMismatchException ex) {
			this.failures.failed(ex);
			int held = this.owned.size();
			this.throttled.warn("mismatch", "Listener '" + id() + "' "
					+ ((held > 0) ? "takes no partitions and keeps consuming the " + held + " it holds"
							: "consumes nothing")
					+ ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			this.failures.failed(ex);
			this.throttled.warn("round", "Listener '" + id() + "' could not rebalance the partitions of "
					+ destination() + "; the leases it holds are still renewed: " + ex);
		}
	}

	@Override
	protected void doPause() {
		this.owned.pause();
	}

	@Override
	protected void doResume() {
		this.owned.resume();
	}

	@Override
	protected void doStop() {
		synchronized (this.roundLock) {
			this.rebalancing = false;
		}
		stopTasks(this.tasks);
		Duration wait = this.settings.shutdownTimeout().plus(this.settings.block()).plus(STOP_MARGIN);
		try {
			this.owned.stopAll(wait);
			if (this.renewal != null) {
				stopTasks(List.of(this.renewal));
			}
			this.leases.leave().toCompletableFuture().get(this.leases.lease().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.info("Listener '" + id() + "' could not leave the members of " + destination()
					+ "; the others rebalance once its last heartbeat is older than the lease: " + ex);
		}
		logger.info("Listener '" + id() + "' stopped");
	}

	private static void stopTasks(List<ListenerThreads.Repeating> stopping) {
		for (ListenerThreads.Repeating task : stopping) {
			try {
				task.stop(Duration.ofSeconds(1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	protected Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("names", List.of(this.settings.stream()));
		details.put("stream", this.settings.key());
		details.put("group", this.settings.group());
		details.put("consumer", this.settings.consumer());
		details.put("member", this.leases.owner());
		details.put("concurrency", this.settings.concurrency());
		details.put("partitions", this.partitions.count());
		details.put("owned", this.owned.size());
		details.put("partitionLease", this.leases.lease());
		long pending = 0;
		long lag = 0;
		long deadLetters = 0;
		List<Map<String, Object>> each = new ArrayList<>();
		List<@Nullable String> current = this.owners;
		for (int i = 0; i < this.partitions.count(); i++) {
			Map<String, Object> partition = new LinkedHashMap<>();
			partition.put("partition", i);
			partition.put("key", this.partitions.keys().get(i));
			boolean here = this.owned.owns(i);
			String owner = here ? this.leases.owner() : current.get(i);
			partition.put("owner", (owner != null) ? owner : "");
			partition.put("ownedHere", here);
			Map<String, Object> figures = this.maintenance.get(i).figures();
			partition.putAll(figures);
			pending += ((Number) figures.get("pending")).longValue();
			lag += ((Number) figures.get("lag")).longValue();
			deadLetters += ((Number) figures.getOrDefault("deadLetters", 0L)).longValue();
			each.add(partition);
		}
		details.put("pending", pending);
		details.put("lag", lag);
		if (this.settings.hasDeadLetter()) {
			details.put("deadLetters", deadLetters);
		}
		details.put("partitionDetails", each);
		return details;
	}

}

package io.github.redismessaging.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.listener.ListenerStatus;
import io.github.redismessaging.listener.support.PollingListenerContainer;
import io.github.redismessaging.listener.support.ThrottledLog;

/**
 * The partitions this instance owns, each with its lease and its running {@link StreamListenerContainer}: taking
 * one (lease first, then its container), renewing the leases, and ending one. Giving a partition up stops its
 * container while the lease is still renewed, and releases the lease only once the container has stopped (the
 * entries in hand finished and acknowledged), so that the next owner starts where this one ended. Losing one (Redis
 * names another owner, or the lease ran out here) ends the lease at once, which fences what is still in hand, then
 * stops the container.
 */
final class OwnedPartitions {

	private static final Log logger = LogFactory.getLog(OwnedPartitions.class);

	private final ThrottledLog throttled = new ThrottledLog(logger, Duration.ofSeconds(30));

	private final String listenerId;

	private final StreamSettings settings;

	private final StreamPartitions partitions;

	private final PartitionLeases leases;

	private final Partitions children;

	private final Map<Integer, Owned> owned = new ConcurrentHashMap<>();

	/** One log of read failures for all the partitions, so that an outage logs about a line a second. */
	private final ThrottledLog readFailures = PollingListenerContainer.readFailureLog();

	private final BooleanSupplier paused;

	/**
	 * Creates the set, empty.
	 * @param paused whether the listener is paused, so that a partition taken meanwhile starts paused
	 */
	OwnedPartitions(String listenerId, StreamSettings settings, StreamPartitions partitions, PartitionLeases leases,
			Partitions children, BooleanSupplier paused) {
		this.listenerId = listenerId;
		this.paused = paused;
		this.settings = settings;
		this.partitions = partitions;
		this.leases = leases;
		this.children = children;
	}

	int size() {
		return this.owned.size();
	}

	boolean owns(int partition) {
		return this.owned.containsKey(partition);
	}

	void pause() {
		this.owned.values().forEach((state) -> state.child.pause());
	}

	void resume() {
		this.owned.values().forEach((state) -> state.child.resume());
	}

	/**
	 * Gives up every partition, and waits until their containers have stopped, up to the timeout.
	 * @param timeout how long to wait at most
	 */
	void stopAll(Duration timeout) throws InterruptedException {
		List<Owned> stopping = new ArrayList<>(this.owned.values());
		this.owned.keySet().forEach((partition) -> stop(partition, true));
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Owned state : stopping) {
			state.stopped.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * The first partition that cannot be read now: its reads fail, or it was taken more than two recovery runs ago
	 * and what earlier owners left pending there still could not be claimed (until then nothing new is read: a
	 * stall that would otherwise look healthy).
	 * @return its failure, or {@code null} if every partition reads
	 */
	@Nullable IllegalStateException failure() {
		long claimLimit = this.settings.claimInterval().multipliedBy(2).toNanos();
		for (Owned state : this.owned.values()) {
			ListenerStatus status = state.child.status();
			if (status.failingSince() != null) {
				return new IllegalStateException(
						"partition " + state.lease.key() + " cannot be read: " + status.lastError());
			}
			if (!state.lease.isTakenOver() && !state.stopping.get()
					&& System.nanoTime() - state.takenNanos > claimLimit) {
				return new IllegalStateException("partition " + state.lease.key() + " is not read: the entries "
						+ "pending there could not be claimed since it was taken (see the listener's warnings)");
			}
		}
		return null;
	}

	/**
	 * The owners as this instance acts on them: itself where it runs the partition, and no one where Redis still
	 * names it but it runs nothing there (its lease ran out here and was renewed in Redis meanwhile), so that it
	 * takes the partition again rather than leave it unconsumed until the lease expires.
	 */
	List<@Nullable String> localView(List<@Nullable String> current) {
		List<@Nullable String> view = new ArrayList<>(current.size());
		for (int i = 0; i < current.size(); i++) {
			String owner = current.get(i);
			boolean me = this.leases.owner().equals(owner);
			view.add(this.owned.containsKey(i) ? this.leases.owner() : me ? null : owner);
		}
		return view;
	}

	Set<Integer> stopping() {
		return this.owned.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().stopping.get())
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
	}

	/**
	 * Renews every lease held, stopping partitions still being given up included, and stops the partitions whose
	 * lease Redis gave to another member or that ran out here.
	 */
	void renew(Duration timeout) throws InterruptedException {
		Map<Integer, CompletableFuture<Long>> renewals = new LinkedHashMap<>();
		long sent = System.nanoTime();
		this.owned.forEach((partition, state) -> {
			if (state.lease.held()) {
				renewals.put(partition, this.leases.takeOrKeep(partition).toCompletableFuture());
			}
		});
		long deadline = sent + timeout.toNanos();
		for (Map.Entry<Integer, CompletableFuture<Long>> renewal : renewals.entrySet()) {
			Owned state = this.owned.get(renewal.getKey());
			if (state == null) {
				continue;
			}
			try {
				long result = renewal.getValue()
					.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
							TimeUnit.MILLISECONDS);
				if (result > 0) {
					state.lease.renewed(sent, this.leases.lease());
				}
				else {
					state.lease.end();
					this.throttled.warn("lost", "Listener '" + this.listenerId + "' lost partition "
							+ state.lease.key() + " to another instance; it stops, leaving what it has not finished "
							+ "pending for the new owner");
					stop(renewal.getKey(), false);
				}
			}
			catch (InterruptedException ex) {
				throw ex;
			}
			catch (Exception ex) {
				// Not confirmed: the lease runs out here unless a later renewal comes in time.
			}
		}
		this.owned.forEach((partition, state) -> {
			if (!state.stopping.get() && !state.lease.held()) {
				this.throttled.warn("ran-out", "Listener '" + this.listenerId + "': the lease on partition "
						+ state.lease.key() + " ran out before it was renewed; the partition stops and is taken again "
						+ "when it can be");
				stop(partition, false);
			}
		});
	}

	/**
	 * Asks for every wanted lease at once, then starts a container for each one granted, so that a slow node
	 * delays no renewal for longer than one timeout.
	 */
	void take(List<Integer> wanted, Duration timeout) throws InterruptedException {
		long sent = System.nanoTime();
		Map<Integer, CompletableFuture<Long>> requests = new LinkedHashMap<>();
		wanted.forEach((partition) -> requests.put(partition, this.leases.takeOrKeep(partition).toCompletableFuture()));
		long deadline = sent + timeout.toNanos();
		for (Map.Entry<Integer, CompletableFuture<Long>> request : requests.entrySet()) {
			int partition = request.getKey();
			String key = this.partitions.keys().get(partition);
			try {
				long result = request.getValue()
					.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
							TimeUnit.MILLISECONDS);
				if (result > 0) {
					if (result == 2) {
						this.throttled.warn("replaced", "Listener '" + this.listenerId + "': the lease key of partition "
								+ key + " held something that was not a lease; replaced");
					}
					start(partition, key, sent);
				}
			}
			catch (InterruptedException ex) {
				throw ex;
			}
			catch (Exception ex) {
				this.throttled.warn("take", "Listener '" + this.listenerId + "' could not take partition " + key
						+ "; trying again next round: " + ex);
			}
		}
	}

	private void start(int partition, String key, long sentNanos) {
		PartitionLease lease = new PartitionLease(partition, key, this.leases.leaseKey(partition), this.leases.owner());
		lease.renewed(sentNanos, this.leases.lease());
		StreamListenerContainer child = this.children.create(partition, this.settings.forPartition(key), lease,
				this.readFailures);
		this.owned.put(partition, new Owned(lease, child));
		child.start();
		if (this.paused.getAsBoolean()) {
			child.pause();
		}
		logger.info("Listener '" + this.listenerId + "' took partition " + key);
	}

	/**
	 * Stops a partition's container on a thread of its own. Giving it up keeps the lease renewed until the container
	 * has stopped, then ends the lease here and releases it in Redis, unless the container stopped with entries
	 * still in hand (its shutdown timeout ran out): then the lease is left to expire, so that no next owner handles
	 * those entries while a call may still run here. A lost lease is ended at once, fencing what is in hand.
	 */
	void stop(int partition, boolean release) {
		Owned state = this.owned.get(partition);
		if (state == null || !state.stopping.compareAndSet(false, true)) {
			return;
		}
		if (!release) {
			state.lease.end();
		}
		state.child.stop(() -> {
			boolean releasing = release && state.lease.held() && state.child.unfinishedAtStop() == 0;
			state.lease.end();
			this.owned.remove(partition, state);
			if (releasing) {
				this.leases.release(partition).whenComplete((released, ex) -> {
					if (ex != null) {
						logger.info("Listener '" + this.listenerId + "' could not release partition "
								+ state.lease.key() + "; it is free once its lease runs out: " + ex);
					}
				});
				logger.info("Listener '" + this.listenerId + "' gave up partition " + state.lease.key());
			}
			state.stopped.countDown();
		});
	}

	/**
	 * Creates the container of one partition, not started.
	 */
	@FunctionalInterface
	interface Partitions {

		StreamListenerContainer create(int partition, StreamSettings settings, PartitionLease lease,
				ThrottledLog readFailures);

	}

	/** A partition this instance owns, and its container. */
	private static final class Owned {

		private final PartitionLease lease;

		private final StreamListenerContainer child;

		private final CountDownLatch stopped = new CountDownLatch(1);

		private final AtomicBoolean stopping = new AtomicBoolean();

		private final long takenNanos = System.nanoTime();

		Owned(PartitionLease lease, StreamListenerContainer child) {
			this.lease = lease;
			this.child = child;
		}

	}

}

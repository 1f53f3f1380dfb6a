package io.github.redismessaging.queue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.support.ThrottledLog;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Periodic work of a queue listener, on every instance: {@link #run()} moves due items from the delayed set to the
 * queue, takes back expired leases (see {@link QueueFailures}) and refreshes the gauges (depth, leased, delayed,
 * dead letters); {@link #extendLeases()} moves the deadlines of the leases this consumer holds.
 */
final class QueueMaintenance {

	private static final Log logger = LogFactory.getLog(QueueMaintenance.class);

	private static final int PROMOTE_LIMIT = 500;

	private static final int EXTEND_CHUNK = 1000;

	private final RedisConnections connections;

	private final QueueSettings settings;

	private final String listenerId;

	private final HeldTakes held;

	private final ProcessedItems processed;

	private final QueueFailures failures;

	private final ThrottledLog throttled = new ThrottledLog(logger, Duration.ofSeconds(10));

	private final Map<String, Gauges> gauges = new ConcurrentSkipListMap<>();

	QueueMaintenance(RedisConnections connections, QueueSettings settings, String listenerId,
			ListenerMetrics metrics, HeldTakes held, ProcessedItems processed, QueueFailures failures) {
		this.connections = connections;
		this.settings = settings;
		this.listenerId = listenerId;
		this.held = held;
		this.processed = processed;
		this.failures = failures;
		for (QueueKeys queue : settings.queues()) {
			Gauges values = new Gauges();
			this.gauges.put(queue.key(), values);
			metrics.gauge("redis.messaging.queue.depth", queue.key(), "Items waiting in the queue", values.depth::get);
			metrics.gauge("redis.messaging.queue.processing", queue.key(), "Takes (batches of items) leased by consumers",
					values.leased::get);
			metrics.gauge("redis.messaging.queue.delayed", queue.key(), "Items waiting for their due time",
					values.delayed::get);
			metrics.gauge("redis.messaging.dead-letter.size", queue.key(), "Items in the dead-letter list",
					values.deadLetters::get);
		}
	}

	/**
	 * The last known figures per queue: depth, processing (takes leased by any consumer), held (items this
	 * consumer holds), delayed, dead letters, and pausedEverywhere (1 while the queue is paused for every consumer,
	 * else 0).
	 */
	Map<String, Map<String, Long>> figures() {
		Map<String, Map<String, Long>> figures = new LinkedHashMap<>();
		for (QueueKeys queue : this.settings.queues()) {
			Gauges values = this.gauges.get(queue.key());
			figures.put(queue.key(), Map.of("depth", values.depth.get(), "processing", values.leased.get(), "held",
					(long) this.held.items(queue), "delayed", values.delayed.get(), "deadLetters",
					values.deadLetters.get(), "pausedEverywhere", values.pausedEverywhere.get()));
		}
		return figures;
	}

	void run() {
		for (QueueKeys queue : this.settings.queues()) {
			boolean done = step(queue, "delayed items", () -> promoteDueItems(queue));
			if (this.settings.mode() == QueueMode.AT_LEAST_ONCE) {
				done &= step(queue, "expired leases", () -> this.failures.takeBackExpired(queue));
			}
			done &= step(queue, "gauges", () -> refreshGauges(queue));
			if (!done) {
				return;
			}
		}
	}

	/**
	 * Runs one step of maintenance on its own, so that a damaged key that fails one step (a delayed set of the
	 * wrong type) does not keep the others from running.
	 * @return false if interrupted
	 */
	private boolean step(QueueKeys queue, String name, Step step) {
		String kind = name + ":" + queue.key();
		try {
			step.run();
			this.throttled.reset(kind);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			this.throttled.warn(kind, "Listener '" + this.listenerId + "': maintenance of " + queue.key() + " failed at "
					+ name + "; nothing was removed, trying again every "
					+ this.settings.maintenanceInterval().toMillis() + " ms: " + ex);
			return true;
		}
	}

	/**
	 * Moves the deadline of every take this consumer holds to {@code leaseTimeout} from now.
	 */
	void extendLeases() {
		for (QueueKeys queue : this.settings.queues()) {
			List<String> leases = this.held.ids(queue);
			try {
				for (int from = 0; from < leases.size(); from += EXTEND_CHUNK) {
					List<String> chunk = leases.subList(from, Math.min(leases.size(), from + EXTEND_CHUNK));
					byte[][] args = new byte[chunk.size() + 1][];
					args[0] = QueueFetcher.ascii(this.settings.leaseTimeout().toMillis());
					for (int i = 0; i < chunk.size(); i++) {
						args[i + 1] = QueueKeys.bytes(chunk.get(i));
					}
					QueueScripts.EXTEND.run(this.connections.commands(), ScriptOutputType.INTEGER,
							new byte[][] { QueueKeys.bytes(queue.leases()) }, args)
						.toCompletableFuture()
						.get(10, TimeUnit.SECONDS);
				}
				this.throttled.reset("extend:" + queue.key());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				this.throttled.warn("extend:" + queue.key(), "Listener '" + this.listenerId + "' could not extend its "
						+ leases.size() + " leases on " + queue.key() + "; if this lasts longer than the lease timeout "
						+ "of " + this.settings.leaseTimeout().toMillis() + " ms, their items are delivered again: " + ex);
			}
		}
	}

	/**
	 * On stop, settles every take still held: gives back at once the items no worker started, so that they do not
	 * wait for the lease to expire, and forgets those that were handled. Items a worker was still on stay leased.
	 * Every take is forgotten afterwards, settled or not, so that a container started again does not extend leases
	 * that no worker holds: what was not settled returns to the queue when its lease expires.
	 */
	void settleHeldTakes() {
		for (QueueKeys queue : this.settings.queues()) {
			for (HeldTakes.Take take : this.held.all(queue)) {
				try {
					if (!Thread.currentThread().isInterrupted()) {
						this.processed.settle(take, take.unstarted(), take.withOutcome(HeldTakes.Outcome.SUCCEEDED))
							.toCompletableFuture()
							.get(10, TimeUnit.SECONDS);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (Exception ex) {
					logger.warn("Listener '" + this.listenerId + "' could not settle take " + take.id() + " of "
							+ queue.key() + " on stop; its items return to the queue when its lease expires: " + ex);
				}
				finally {
					this.held.forget(take);
				}
			}
		}
	}

	private void promoteDueItems(QueueKeys queue) throws Exception {
		long moved;
		do {
			moved = QueueScripts.PROMOTE_DUE.<Long>run(this.connections.commands(), ScriptOutputType.INTEGER,
					new byte[][] { QueueKeys.bytes(queue.delayed()), QueueKeys.bytes(queue.key()) },
					QueueFetcher.ascii(System.currentTimeMillis()), QueueFetcher.ascii(PROMOTE_LIMIT))
				.toCompletableFuture()
				.get(10, TimeUnit.SECONDS);
		}
		while (moved == PROMOTE_LIMIT);
	}

	private void refreshGauges(QueueKeys queue) throws Exception {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connections.commands();
		Gauges values = this.gauges.get(queue.key());
		values.depth.set(commands.llen(QueueKeys.bytes(queue.key())).get(10, TimeUnit.SECONDS));
		values.leased.set(commands.zcard(QueueKeys.bytes(queue.leases())).get(10, TimeUnit.SECONDS));
		values.delayed.set(commands.zcard(QueueKeys.bytes(queue.delayed())).get(10, TimeUnit.SECONDS));
		values.deadLetters.set(commands.llen(QueueKeys.bytes(queue.deadLetter())).get(10, TimeUnit.SECONDS));
		values.pausedEverywhere.set(commands.exists(QueueKeys.bytes(queue.paused())).get(10, TimeUnit.SECONDS));
	}

	@FunctionalInterface
	private interface Step {

		void run() throws Exception;

	}

	private static final class Gauges {

		private final AtomicLong depth = new AtomicLong();

		private final AtomicLong leased = new AtomicLong();

		private final AtomicLong delayed = new AtomicLong();

		private final AtomicLong deadLetters = new AtomicLong();

		private final AtomicLong pausedEverywhere = new AtomicLong();

	}

}

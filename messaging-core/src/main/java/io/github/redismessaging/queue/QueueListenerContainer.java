package io.github.redismessaging.queue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.backoff.BackOffExecution;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.AbstractMessageListenerContainer;
import io.github.redismessaging.listener.BoundedWorkers;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Runs one {@code @QueueListener}: a fetch loop on a dedicated connection feeding the workers through a bounded
 * hand-off, and periodic maintenance (heartbeat, delayed items, recovery of dead consumers, gauges). The fetch
 * loop never dies on an error: it logs, backs off exponentially (up to 10 s) and reconnects.
 */
final class QueueListenerContainer extends AbstractMessageListenerContainer {

	private static final Log logger = LogFactory.getLog(QueueListenerContainer.class);

	private static final Duration COMMAND_MARGIN = Duration.ofSeconds(5);

	private final QueueSettings settings;

	private final RedisConnections connections;

	private final BoundedWorkers<QueueItem> workers;

	private final QueueMaintenance maintenance;

	private final ListenerMetrics metrics;

	private volatile boolean fetching;

	private volatile QueueFetcher fetcher;

	private Thread fetchThread;

	private ScheduledExecutorService scheduler;

	QueueListenerContainer(String id, QueueSettings settings, RedisConnections connections,
			BoundedWorkers<QueueItem> workers, QueueMaintenance maintenance, ListenerMetrics metrics) {
		super(id, ListenerKind.QUEUE, settings.autoStartup());
		this.settings = settings;
		this.connections = connections;
		this.workers = workers;
		this.maintenance = maintenance;
		this.metrics = metrics;
	}

	@Override
	public String destination() {
		return this.settings.describe();
	}

	@Override
	protected void doStart() {
		this.fetching = true;
		this.workers.start();
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, threadName("maintenance"));
			thread.setDaemon(true);
			return thread;
		});
		this.maintenance.heartbeat();
		long interval = this.settings.maintenanceInterval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this.maintenance::run, 0, interval, TimeUnit.MILLISECONDS);
		this.fetchThread = new Thread(this::fetchLoop, threadName("fetch"));
		this.fetchThread.setDaemon(true);
		this.fetchThread.start();
		logger.info("Listener '" + id() + "' started on " + this.settings.describe() + " as consumer '"
				+ this.settings.consumer() + "'");
	}

	private void fetchLoop() {
		BackOffExecution backOff = null;
		long rotated = 0;
		while (this.fetching) {
			try {
				if (this.fetcher == null) {
					Duration timeout = this.settings.block().plus(COMMAND_MARGIN);
					this.fetcher = new QueueFetcher(this.connections.openDedicated(timeout.plus(COMMAND_MARGIN)),
							this.settings, timeout.toMillis());
				}
				int room = this.workers.awaitCapacity(this.settings.block());
				if (room == 0 || !this.fetching) {
					continue;
				}
				List<QueueItem> items = this.fetcher.fetch(Math.min(room, this.settings.batchSize()));
				backOff = null;
				for (QueueItem item : items) {
					this.metrics.received(item.queue().key());
					this.workers.put(item);
				}
				if (this.settings.mode() == QueueMode.CIRCULAR && !items.isEmpty()) {
					rotated = pauseAfterRotation(rotated + items.size());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				if (!this.fetching) {
					return;
				}
				closeFetcher();
				backOff = (backOff != null) ? backOff : reconnectBackOff();
				long delay = backOff.nextBackOff();
				logger.warn("Listener '" + id() + "' could not read " + this.settings.describe() + "; retrying in "
						+ delay + " ms: " + ex);
				try {
					sleep(delay);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * In circular mode, waits {@code rotationInterval} once every item of the list has been taken, so that a
	 * small list is not spun through as fast as Redis answers.
	 */
	private long pauseAfterRotation(long rotated) throws Exception {
		long length = this.connections.commands()
			.llen(QueueKeys.bytes(this.settings.queues().get(0).key()))
			.get(10, TimeUnit.SECONDS);
		if (rotated < length) {
			return rotated;
		}
		sleep(this.settings.rotationInterval().toMillis());
		return 0;
	}

	private static void sleep(long millis) throws InterruptedException {
		TimeUnit.MILLISECONDS.sleep(millis);
	}

	private void closeFetcher() {
		QueueFetcher current = this.fetcher;
		this.fetcher = null;
		if (current != null) {
			current.close();
		}
	}

	/**
	 * Stops fetching (a blocked read is allowed to return first; an item it moved into the processing list is
	 * recovered), lets the workers finish up to the shutdown timeout, and leaves what is unfinished in the
	 * processing list, where recovery finds it after the heartbeat expires.
	 */
	@Override
	protected void doStop() {
		this.fetching = false;
		try {
			this.fetchThread.join(this.settings.block().plusSeconds(1).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		closeFetcher();
		this.fetchThread.interrupt();
		this.scheduler.shutdownNow();
		this.workers.stop(this.settings.shutdownTimeout());
		logger.info("Listener '" + id() + "' stopped");
	}

}

package io.github.redismessaging.queue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.AbstractMessageListenerContainer;
import io.github.redismessaging.listener.BatchedCompletions;
import io.github.redismessaging.listener.BoundedWorkers;
import io.github.redismessaging.listener.FetchLoop;
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

	private final BoundedWorkers<QueueItem> workers;

	private final FetchLoop<QueueItem> fetchLoop;

	private final QueueMaintenance maintenance;

	private final ProcessedItems processedItems;

	private ScheduledExecutorService scheduler;

	QueueListenerContainer(String id, QueueSettings settings, RedisConnections connections,
			BoundedWorkers<QueueItem> workers, QueueMaintenance maintenance, ListenerMetrics metrics,
			InFlightItems inFlight, ProcessedItems processedItems) {
		super(id, ListenerKind.QUEUE, settings.autoStartup());
		this.settings = settings;
		this.workers = workers;
		this.maintenance = maintenance;
		this.processedItems = processedItems;
		Duration timeout = settings.block().plus(COMMAND_MARGIN);
		this.fetchLoop = new FetchLoop<>(id, settings.describe(), settings.block(), settings.batchSize(), workers,
				() -> {
					QueueFetcher fetcher = new QueueFetcher(connections.openDedicated(timeout.plus(COMMAND_MARGIN)),
							settings, timeout.toMillis());
					fetcher.reclaimOrphans(inFlight);
					return fetcher;
				}, (item) -> {
					metrics.received(item.queue().key());
					inFlight.add(item);
				}, this.failures);
	}

	@Override
	public String destination() {
		return this.settings.describe();
	}

	@Override
	protected void doStart() {
		this.workers.start();
		// Two threads: a slow maintenance run must not hold back the removals of handled items.
		this.scheduler = Executors.newScheduledThreadPool(2, (task) -> {
			Thread thread = new Thread(task, threadName("maintenance"));
			thread.setDaemon(true);
			return thread;
		});
		this.maintenance.heartbeat();
		long interval = this.settings.maintenanceInterval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this.maintenance::run, 0, interval, TimeUnit.MILLISECONDS);
		long flushMillis = BatchedCompletions.FLUSH_INTERVAL.toMillis();
		this.scheduler.scheduleWithFixedDelay(this.processedItems::flush, flushMillis, flushMillis,
				TimeUnit.MILLISECONDS);
		this.fetchLoop.start(threadName("fetch"));
		logger.info("Listener '" + id() + "' started on " + this.settings.describe() + " as consumer '"
				+ this.settings.consumer() + "'");
	}

	@Override
	protected void doPause() {
		this.fetchLoop.setPaused(true);
	}

	@Override
	protected void doResume() {
		this.fetchLoop.setPaused(false);
	}

	@Override
	protected Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("names", this.settings.queues().stream().map(QueueKeys::name).toList());
		details.put("mode", this.settings.mode());
		details.put("consumer", this.settings.consumer());
		details.put("concurrency", this.settings.concurrency());
		details.put("queues", this.maintenance.figures());
		return details;
	}

	/**
	 * Stops fetching (an item that a cut-off read moved into the processing list is recovered), lets the workers
	 * finish up to the shutdown timeout, sends the removals of handled items, and leaves what is unfinished in the
	 * processing list, where recovery finds it after the heartbeat expires.
	 */
	@Override
	protected void doStop() {
		this.fetchLoop.stop();
		this.scheduler.shutdownNow();
		this.workers.stop(this.settings.shutdownTimeout());
		this.processedItems.flushAndWait(BatchedCompletions.STOP_TIMEOUT);
		logger.info("Listener '" + id() + "' stopped");
	}

}

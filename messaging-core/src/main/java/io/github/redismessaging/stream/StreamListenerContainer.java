package io.github.redismessaging.stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Runs one {@code @StreamListener}: a fetch loop on a dedicated connection feeding the workers through a bounded
 * hand-off, batched acknowledgments, and, for a group, periodic pending recovery and group maintenance. The
 * fetch loop never dies on an error: it logs, backs off exponentially (up to 10 s) and reconnects.
 */
final class StreamListenerContainer extends AbstractMessageListenerContainer {

	private static final Log logger = LogFactory.getLog(StreamListenerContainer.class);

	private static final Duration READ_TIMEOUT_MARGIN = Duration.ofSeconds(5);

	private final StreamSettings settings;

	private final BoundedWorkers<StreamEntry> workers;

	private final FetchLoop<StreamEntry> fetchLoop;

	private final Acker acker;

	private final PendingRecovery recovery;

	private final GroupMaintenance maintenance;

	private ScheduledExecutorService scheduler;

	StreamListenerContainer(String id, StreamSettings settings, RedisConnections connections,
			BoundedWorkers<StreamEntry> workers, Acker acker, PendingRecovery recovery, GroupMaintenance maintenance,
			ListenerMetrics metrics) {
		super(id, ListenerKind.STREAM, settings.autoStartup());
		this.settings = settings;
		this.workers = workers;
		this.acker = acker;
		this.recovery = recovery;
		this.maintenance = maintenance;
		Duration readTimeout = settings.block().plus(READ_TIMEOUT_MARGIN);
		this.fetchLoop = new FetchLoop<>(id, settings.describe(), settings.block(), settings.batchSize(), workers,
				() -> new StreamReads(connections.openDedicated(readTimeout.plus(READ_TIMEOUT_MARGIN)), settings,
						readTimeout),
				(entry) -> metrics.received(settings.key()), this.failures);
	}

	@Override
	public String destination() {
		return this.settings.describe();
	}

	@Override
	protected void doStart() {
		this.workers.start();
		this.scheduler = Executors.newScheduledThreadPool(2, (task) -> {
			Thread thread = new Thread(task, threadName("scheduler"));
			thread.setDaemon(true);
			return thread;
		});
		if (this.settings.isGroup()) {
			long flushMillis = BatchedCompletions.FLUSH_INTERVAL.toMillis();
			this.scheduler.scheduleWithFixedDelay(this.acker::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
			long interval = this.settings.claimInterval().toMillis();
			this.scheduler.scheduleWithFixedDelay(this::recoverAndMaintain, interval, interval, TimeUnit.MILLISECONDS);
		}
		this.fetchLoop.start(threadName("fetch"));
		logger.info("Listener '" + id() + "' started on " + this.settings.describe()
				+ (this.settings.isGroup() ? " as consumer '" + this.settings.consumer() + "'" : ""));
	}

	private void recoverAndMaintain() {
		if (!isPaused()) {
			this.recovery.run();
		}
		this.maintenance.run();
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
		details.put("names", List.of(this.settings.stream()));
		details.put("stream", this.settings.key());
		if (this.settings.isGroup()) {
			details.put("group", this.settings.group());
			details.put("consumer", this.settings.consumer());
			details.putAll(this.maintenance.figures());
		}
		details.put("concurrency", this.settings.concurrency());
		return details;
	}

	/**
	 * Stops reading, lets the workers finish what they hold up to the shutdown timeout, and flushes the
	 * acknowledgments. Nothing unfinished is acknowledged: it stays pending for pending recovery.
	 */
	@Override
	protected void doStop() {
		this.fetchLoop.stop();
		this.scheduler.shutdownNow();
		this.workers.stop(this.settings.shutdownTimeout());
		if (this.settings.isGroup()) {
			this.acker.flushAndWait(BatchedCompletions.STOP_TIMEOUT);
		}
		logger.info("Listener '" + id() + "' stopped");
	}

}

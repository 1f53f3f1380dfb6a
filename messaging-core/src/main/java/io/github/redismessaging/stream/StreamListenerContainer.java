package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.backoff.BackOffExecution;

import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.BoundedWorkers;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.AbstractMessageListenerContainer;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Runs one {@code @StreamListener}: a fetch loop on a dedicated connection feeding the workers through a bounded
 * hand-off, batched acknowledgments, and, for a group, periodic pending recovery and group maintenance. The
 * fetch loop never dies on an error: it logs, backs off exponentially (up to 10 s) and reconnects.
 */
final class StreamListenerContainer extends AbstractMessageListenerContainer {

	private static final Log logger = LogFactory.getLog(StreamListenerContainer.class);

	private static final Duration READ_TIMEOUT_MARGIN = Duration.ofSeconds(5);

	private static final long ACK_FLUSH_MILLIS = 10;

	private final StreamSettings settings;

	private final RedisConnections connections;

	private final BoundedWorkers<StreamEntry> workers;

	private final Acker acker;

	private final PendingRecovery recovery;

	private final GroupMaintenance maintenance;

	private final ListenerMetrics metrics;

	private volatile boolean fetching;

	private Thread fetcher;

	private ScheduledExecutorService scheduler;

	private volatile StreamReads reads;

	StreamListenerContainer(String id, StreamSettings settings, RedisConnections connections, BoundedWorkers<StreamEntry> workers,
			Acker acker, PendingRecovery recovery, GroupMaintenance maintenance, ListenerMetrics metrics) {
		super(id, ListenerKind.STREAM, settings.autoStartup());
		this.settings = settings;
		this.connections = connections;
		this.workers = workers;
		this.acker = acker;
		this.recovery = recovery;
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
		this.scheduler = Executors.newScheduledThreadPool(2, (task) -> {
			Thread thread = new Thread(task, threadName("scheduler"));
			thread.setDaemon(true);
			return thread;
		});
		if (this.settings.isGroup()) {
			this.scheduler.scheduleWithFixedDelay(this.acker::flush, ACK_FLUSH_MILLIS, ACK_FLUSH_MILLIS,
					TimeUnit.MILLISECONDS);
			long interval = this.settings.claimInterval().toMillis();
			this.scheduler.scheduleWithFixedDelay(this::recoverAndMaintain, interval, interval, TimeUnit.MILLISECONDS);
		}
		this.fetcher = new Thread(this::fetchLoop, threadName("fetch"));
		this.fetcher.setDaemon(true);
		this.fetcher.start();
		logger.info("Listener '" + id() + "' started on " + this.settings.describe()
				+ (this.settings.isGroup() ? " as consumer '" + this.settings.consumer() + "'" : ""));
	}

	private void recoverAndMaintain() {
		this.recovery.run();
		this.maintenance.run();
	}

	private void fetchLoop() {
		boolean groupReady = false;
		BackOffExecution backOff = null;
		while (this.fetching) {
			try {
				if (this.settings.isGroup() && !groupReady) {
					ensureGroup();
					groupReady = true;
				}
				if (this.reads == null) {
					Duration timeout = this.settings.block().plus(READ_TIMEOUT_MARGIN);
					this.reads = new StreamReads(this.connections.openDedicated(timeout.plus(READ_TIMEOUT_MARGIN)),
							this.settings, timeout);
				}
				int room = this.workers.awaitCapacity(this.settings.block());
				if (room == 0 || !this.fetching) {
					continue;
				}
				List<StreamEntry> entries = this.reads.read(Math.min(room, this.settings.batchSize()));
				backOff = null;
				for (StreamEntry entry : entries) {
					this.metrics.received(this.settings.key());
					this.workers.put(entry);
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
				if (String.valueOf(ex.getMessage()).contains("NOGROUP")) {
					groupReady = false;
				}
				closeReads();
				backOff = (backOff != null) ? backOff : reconnectBackOff();
				long delay = backOff.nextBackOff();
				logger.warn("Listener '" + id() + "' could not read " + this.settings.describe() + "; retrying in "
						+ delay + " ms: " + ex);
				if (!sleep(delay)) {
					return;
				}
			}
		}
	}

	private void ensureGroup() throws Exception {
		byte[] key = this.settings.key().getBytes(StandardCharsets.UTF_8);
		try {
			this.connections.commands()
				.xgroupCreate(StreamOffset.from(key, this.settings.start()),
						this.settings.group().getBytes(StandardCharsets.UTF_8), XGroupCreateArgs.Builder.mkstream())
				.get(10, TimeUnit.SECONDS);
			logger.info("Listener '" + id() + "' created group '" + this.settings.group() + "' on stream '"
					+ this.settings.key() + "' at " + this.settings.start());
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (!String.valueOf(ex.getCause().getMessage()).startsWith("BUSYGROUP")) {
				throw ex;
			}
		}
	}

	private static boolean sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void closeReads() {
		StreamReads current = this.reads;
		this.reads = null;
		if (current != null) {
			current.close();
		}
	}

	@Override
	protected void doStop() {
		this.fetching = false;
		joinFetcher();
		this.scheduler.shutdownNow();
		this.workers.stop(this.settings.shutdownTimeout());
		if (this.settings.isGroup()) {
			this.acker.flushAndWait(TimeUnit.SECONDS.toMillis(10));
		}
		logger.info("Listener '" + id() + "' stopped");
	}

	/**
	 * Lets a read in progress return (entries it brings are still handled), then cuts it off by closing the
	 * connection. Entries Redis delivered to a cut-off read stay pending and are recovered.
	 */
	private void joinFetcher() {
		try {
			this.fetcher.join(this.settings.block().plusSeconds(1).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		closeReads();
		this.fetcher.interrupt();
	}

}

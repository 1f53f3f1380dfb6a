package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The thread that takes messages from Redis and hands them to the workers, never faster than they free room.
 * It never dies on an error: it logs (at most a line a second), closes its source (and with it the dedicated
 * connection), backs off exponentially up to 10 s, and opens a new source.
 *
 * @param <T> the type of the messages
 */
public final class FetchLoop<T> {

	private static final long PAUSE_POLL_MILLIS = 100;

	private final String listenerId;

	private final String description;

	private final Duration block;

	private final int batchSize;

	private final BoundedWorkers<T> workers;

	private final SourceOpener<T> opener;

	private final Consumer<T> onReceived;

	private final FailureTracker failures;

	private final ThrottledLog readFailures;

	private volatile boolean fetching;

	private volatile boolean paused;

	private volatile @Nullable Source<T> source;

	/** Held while checking for a pause and fetching, so that {@link #setPaused(boolean)} can wait for a fetch. */
	private final ReentrantLock fetchLock = new ReentrantLock();

	private ListenerThreads.@Nullable Running running;

	/**
	 * Creates the loop, not started.
	 * @param listenerId the listener id, for messages
	 * @param description what is read, for messages
	 * @param block how long one fetch may block
	 * @param batchSize the most messages one fetch takes
	 * @param workers where messages go
	 * @param opener opens a source on a new dedicated connection
	 * @param onReceived called for each message before it is handed over (metrics)
	 * @param failures where read failures are recorded
	 * @param readFailures where read failures are logged: at most a line a second, shared by the loops of one
	 * listener
	 */
	public FetchLoop(String listenerId, String description, Duration block, int batchSize, BoundedWorkers<T> workers,
			SourceOpener<T> opener, Consumer<T> onReceived, FailureTracker failures, ThrottledLog readFailures) {
		this.listenerId = listenerId;
		this.description = description;
		this.block = block;
		this.batchSize = batchSize;
		this.workers = workers;
		this.opener = opener;
		this.onReceived = onReceived;
		this.failures = failures;
		this.readFailures = readFailures;
	}

	/**
	 * Stops or resumes fetching, without stopping the thread. Pausing waits for a fetch in progress to return (up
	 * to the block time), so that nothing is taken from Redis once it returns; what that fetch brought is still
	 * handed over.
	 * @param paused whether to pause
	 */
	public void setPaused(boolean paused) {
		this.paused = paused;
		if (paused) {
			try {
				if (this.fetchLock.tryLock(this.block.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS)) {
					this.fetchLock.unlock();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Starts the loop on a thread of its own.
	 * @param threads where the thread comes from
	 * @param threadName the thread's name
	 */
	public void start(ListenerThreads threads, String threadName) {
		this.fetching = true;
		this.running = threads.start(threadName, this::run);
	}

	private void run() {
		BackOffExecution backOff = null;
		while (this.fetching) {
			try {
				if (this.source == null) {
					this.source = this.opener.open();
				}
				int room = this.workers.reserve(this.batchSize, this.block);
				if (room == 0) {
					continue;
				}
				if (!fetchAndHandOver(room)) {
					TimeUnit.MILLISECONDS.sleep(PAUSE_POLL_MILLIS);
					continue;
				}
				backOff = null;
				this.failures.succeeded();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				if (!this.fetching) {
					return;
				}
				closeSource();
				this.failures.failed(ex);
				backOff = (backOff != null) ? backOff : AbstractMessageListenerContainer.reconnectBackOff();
				long delay = backOff.nextBackOff();
				this.readFailures.warn("read", "Listener '" + this.listenerId + "' could not read " + this.description
						+ "; retrying in " + delay + " ms: " + ex);
				if (!BackOffPause.pause(delay)) {
					return;
				}
			}
		}
	}

	/**
	 * Fetches into the reserved room and hands what came to the workers, returning the room left unused.
	 * @return false if paused or stopping (nothing was fetched)
	 */
	private boolean fetchAndHandOver(int room) throws Exception {
		List<T> messages = List.of();
		try {
			messages = fetchUnlessPaused(room);
			if (messages == null) {
				return false;
			}
			messages.forEach(this.onReceived);
			return true;
		}
		finally {
			this.workers.handOver((messages != null) ? messages : List.of(), room);
		}
	}

	private List<T> fetchUnlessPaused(int room) throws Exception {
		this.fetchLock.lock();
		try {
			return (this.paused || !this.fetching) ? null : this.source.fetch(room);
		}
		finally {
			this.fetchLock.unlock();
		}
	}

	/**
	 * Stops fetching: lets a fetch in progress return (what it brings is still handed over), up to the block
	 * time and a second, then cuts it off by closing the connection.
	 */
	public void stop() {
		this.fetching = false;
		try {
			this.running.join(this.block.plusSeconds(1));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		closeSource();
		this.running.interrupt();
	}

	private void closeSource() {
		Source<T> current = this.source;
		this.source = null;
		if (current != null) {
			current.close();
		}
	}

	/**
	 * Where the loop takes messages from, on its own connection.
	 *
	 * @param <T> the type of the messages
	 */
	public interface Source<T> extends AutoCloseable {

		/**
		 * Takes up to {@code room} messages, blocking up to the block time when there are none.
		 * @param room the most messages to take
		 * @return the messages, possibly none
		 * @throws Exception on any failure; the loop backs off and opens a new source
		 */
		List<T> fetch(int room) throws Exception;

		/**
		 * Closes the source's connection, cutting off a fetch in progress.
		 */
		@Override
		void close();

	}

	/**
	 * Opens a source.
	 *
	 * @param <T> the type of the messages
	 */
	@FunctionalInterface
	public interface SourceOpener<T> {

		/**
		 * Opens a source on a new dedicated connection.
		 * @return the source
		 * @throws Exception if Redis cannot be reached
		 */
		Source<T> open() throws Exception;

	}

}

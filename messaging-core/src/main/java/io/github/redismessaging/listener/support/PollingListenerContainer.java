package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.listener.ListenerKind;

/**
 * A container that polls Redis: a {@link FetchLoop} on a dedicated connection feeds {@link BoundedWorkers} through
 * a bounded hand-off, what the workers finish is sent back in batches, and periodic tasks run as
 * {@link ListenerThreads} provides. Each kind adds its source, its periodic tasks and its status.
 * <p>
 * Start: the workers start; then the completions are flushed every {@link BatchedCompletions#FLUSH_INTERVAL};
 * then {@link #onStart()} registers the kind's periodic tasks; the fetch
 * loop starts last, once everything it hands messages to is in place.
 * <p>
 * Stop: the fetch loop stops first, and with it the tasks registered with {@link #schedule}; the workers finish what
 * they hold, up to the shutdown timeout, while the completions flush and the tasks registered with
 * {@link #scheduleUntilStopped} (extending leases) go on; the completions are flushed and awaited up to
 * {@link BatchedCompletions#STOP_TIMEOUT}; the periodic tasks stop; then {@link #afterStop()}. What is unfinished stays pending or leased in Redis, for recovery: nothing is dropped.
 *
 * @param <T> the type of the messages
 */
public abstract class PollingListenerContainer<T> extends AbstractMessageListenerContainer {

	private final Log logger = LogFactory.getLog(getClass());

	private final ThrottledLog throttled = new ThrottledLog(this.logger, Duration.ofMinutes(1));

	private static final Duration TASK_STOP_TIMEOUT = Duration.ofSeconds(1);

	private final Settings settings;

	private final BoundedWorkers<T> workers;

	private final FetchLoop<T> fetchLoop;

	private final @Nullable Completions completions;

	private final List<ListenerThreads.Repeating> fetchingTasks = new CopyOnWriteArrayList<>();

	private final List<ListenerThreads.Repeating> tasks = new CopyOnWriteArrayList<>();

	private volatile int unfinishedAtStop;

	/**
	 * Creates the container, not started.
	 * @param id the listener id
	 * @param kind the listener kind
	 * @param settings the settings that polling needs
	 * @param threads where the container's threads come from
	 * @param workers the workers that handle what is fetched
	 * @param opener opens the source that the fetch loop reads, on a new dedicated connection
	 * @param onReceived called for each message before it is handed to the workers
	 * @param completions what the workers have finished, to flush periodically and on stop; {@code null} if
	 * nothing is sent back (a stream read without a group)
	 */
	protected PollingListenerContainer(String id, ListenerKind kind, Settings settings, ListenerThreads threads,
			BoundedWorkers<T> workers, FetchLoop.SourceOpener<T> opener, Consumer<T> onReceived,
			@Nullable Completions completions) {
		this(id, kind, settings, threads, workers, opener, onReceived, completions, readFailureLog());
	}

	/**
	 * Creates the container, not started, logging its read failures where others do too: the containers of one
	 * listener's partitions share one, so that an outage logs about a line a second for the listener.
	 * @param id the listener id
	 * @param kind the listener kind
	 * @param settings the settings that polling needs
	 * @param threads where the container's threads come from
	 * @param workers the workers that handle what is fetched
	 * @param opener opens the source that the fetch loop reads, on a new dedicated connection
	 * @param onReceived called for each message before it is handed to the workers
	 * @param completions what the workers have finished, or {@code null}
	 * @param readFailures where the fetch loop logs its read failures
	 */
	protected PollingListenerContainer(String id, ListenerKind kind, Settings settings, ListenerThreads threads,
			BoundedWorkers<T> workers, FetchLoop.SourceOpener<T> opener, Consumer<T> onReceived,
			@Nullable Completions completions, ThrottledLog readFailures) {
		super(id, kind, settings.autoStartup(), threads);
		this.settings = settings;
		this.workers = workers;
		this.completions = completions;
		this.fetchLoop = new FetchLoop<>(id, settings.describe(), settings.block(), settings.batchSize(), workers,
				opener, onReceived, this.failures, readFailures);
	}

	/**
	 * A log for read failures, at most a line a second.
	 * @return a new log
	 */
	public static ThrottledLog readFailureLog() {
		return new ThrottledLog(LogFactory.getLog(FetchLoop.class), Duration.ofSeconds(1));
	}

	@Override
	public final String destination() {
		return this.settings.describe();
	}

	@Override
	protected final void doStart() {
		this.workers.start(threads());
		if (this.completions != null) {
			Completions flushed = this.completions;
			this.tasks.add(threads().repeatNonBlocking(BatchedCompletions.FLUSH_INTERVAL,
					BatchedCompletions.FLUSH_INTERVAL, () -> runSurviving(flushed::flush)));
		}
		onStart();
		this.fetchLoop.start(threads(), threadName("fetch"));
		String consumer = consumerName();
		this.logger.info("Listener '" + id() + "' started on " + destination()
				+ ((consumer != null) ? " as consumer '" + consumer + "'" : ""));
	}

	/**
	 * Runs a task that may block periodically, with a fixed delay between runs, until fetching stops. Only valid
	 * from {@link #onStart()}.
	 * @param role what the task does, for its thread's name
	 * @param task the task
	 * @param initialDelay how long after start it first runs
	 * @param interval the delay between the end of one run and the start of the next
	 */
	protected final void schedule(String role, Runnable task, Duration initialDelay, Duration interval) {
		this.fetchingTasks.add(threads().repeat(threadName(role), initialDelay, interval, () -> runSurviving(task)));
	}

	/**
	 * Runs a task that may block periodically, with a fixed delay between runs, until the workers have finished on
	 * stop: for work that what they hold needs, such as extending leases. Only valid from {@link #onStart()}.
	 * @param role what the task does, for its thread's name
	 * @param task the task
	 * @param initialDelay how long after start it first runs
	 * @param interval the delay between the end of one run and the start of the next
	 */
	protected final void scheduleUntilStopped(String role, Runnable task, Duration initialDelay, Duration interval) {
		this.tasks.add(threads().repeat(threadName(role), initialDelay, interval, () -> runSurviving(task)));
	}

	/**
	 * Runs a periodic task so that an exception it did not handle (a bug) is logged and the task runs again next
	 * time: a scheduled task that throws is otherwise never run again, silently.
	 */
	private void runSurviving(Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			this.throttled.warn("periodic", "Listener '" + id() + "': a periodic task failed; it runs again next "
					+ "time: " + ex);
		}
	}

	/**
	 * Registers the kind's periodic tasks with {@link #schedule}; called on start, after the workers and before the
	 * fetch loop start. Does nothing by default.
	 */
	protected void onStart() {
	}

	/**
	 * The consumer name this container reads as, for the start message.
	 * @return the consumer name, or {@code null} if it reads as no named consumer
	 */
	protected abstract @Nullable String consumerName();

	@Override
	protected final void doPause() {
		this.fetchLoop.setPaused(true);
	}

	@Override
	protected final void doResume() {
		this.fetchLoop.setPaused(false);
	}

	@Override
	protected final void doStop() {
		this.fetchLoop.stop();
		this.fetchingTasks.forEach(ListenerThreads.Repeating::cancel);
		this.unfinishedAtStop = this.workers.stop(this.settings.shutdownTimeout());
		if (this.completions != null) {
			this.completions.flushAndWait(BatchedCompletions.STOP_TIMEOUT);
		}
		stopTasks(this.fetchingTasks);
		stopTasks(this.tasks);
		afterStop();
		this.logger.info("Listener '" + id() + "' stopped");
	}

	/**
	 * How many handed-off messages the workers had not finished when the last stop's shutdown timeout ran out.
	 * @return the count, 0 after a clean stop
	 */
	public final int unfinishedAtStop() {
		return this.unfinishedAtStop;
	}

	/**
	 * Stops periodic tasks for good: a run still in progress (blocked on Redis, say) is interrupted and awaited
	 * briefly, so that nothing of this container reaches for a connection once it has stopped.
	 */
	private void stopTasks(List<ListenerThreads.Repeating> stopping) {
		try {
			for (ListenerThreads.Repeating task : stopping) {
				task.stop(TASK_STOP_TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		stopping.clear();
	}

	/**
	 * Called on stop, once the workers have stopped and the completions are flushed, to leave what is unfinished
	 * recoverable. Does nothing by default.
	 */
	protected void afterStop() {
	}

	/**
	 * The settings that polling needs, as every polling kind's settings have them.
	 */
	public interface Settings {

		/**
		 * Whether the registry starts the container with the application context.
		 * @return whether to start automatically
		 */
		boolean autoStartup();

		/**
		 * What is read, for messages and status.
		 * @return the description
		 */
		String describe();

		/**
		 * How long one fetch may block.
		 * @return the block time
		 */
		Duration block();

		/**
		 * The most messages one fetch takes.
		 * @return the batch size
		 */
		int batchSize();

		/**
		 * How long a stopping container waits for the workers to finish what they hold.
		 * @return the shutdown timeout
		 */
		Duration shutdownTimeout();

	}

	/**
	 * What the workers have finished and is sent to Redis in batches: acknowledgments, removals.
	 */
	public interface Completions {

		/**
		 * Sends what is queued now, without waiting for the replies.
		 */
		void flush();

		/**
		 * Sends what is queued and waits for the replies, up to the timeout, before the container stops.
		 * @param timeout how long to wait at most
		 */
		void flushAndWait(Duration timeout);

	}

}

package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import io.github.redismessaging.listener.RedisListenerRegistry;

/**
 * Where the containers' threads come from, so that they come from Spring: long-running work (fetch loops, workers,
 * dispatchers) and every run of periodic work that may block on Redis run on a {@link TaskExecutor}; a shared
 * {@link TaskScheduler} only times periodic work and runs what never blocks (sending batched acknowledgments).
 * Work that blocks therefore never holds back another listener's acknowledgments or lease extensions, even
 * while one cluster node hangs.
 * <p>
 * The executor must run each task at once on a thread of its own, as {@link SimpleAsyncTaskExecutor} does (with
 * virtual threads where enabled): a listener holds one for its fetch loop and one per worker while it runs. A
 * thread carries the name {@code redis-<kind>-<listener>-<role>} while it runs a container's task, whichever
 * executor made it.
 */
public final class ListenerThreads {

	private final TaskExecutor executor;

	private final TaskScheduler scheduler;

	/**
	 * Creates the threads' source.
	 * @param executor runs long-running work and each run of periodic work that may block; must start each task
	 * at once
	 * @param scheduler times periodic work, and runs the work that never blocks
	 */
	public ListenerThreads(TaskExecutor executor, TaskScheduler scheduler) {
		this.executor = executor;
		this.scheduler = scheduler;
	}

	/**
	 * Platform threads for use outside the auto-configuration (a plain Spring context, tests): a
	 * {@link SimpleAsyncTaskExecutor} of daemon threads and a scheduler of two daemon threads, which live as long
	 * as the JVM.
	 * @return the threads' source
	 */
	public static ListenerThreads platform() {
		return PlatformThreads.INSTANCE;
	}

	/**
	 * A {@link TaskExecutor} that starts a thread per task, virtual if asked, named {@code redis-messaging-<n>}
	 * until a container names it.
	 * @param virtual whether to start virtual threads (Java 21 and later)
	 * @return the executor
	 */
	public static SimpleAsyncTaskExecutor executor(boolean virtual) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("redis-messaging-");
		executor.setDaemon(true);
		executor.setVirtualThreads(virtual);
		return executor;
	}

	/**
	 * A scheduler of two daemon platform threads, named {@code redis-messaging-scheduler-<n>}, not yet
	 * initialized: two so that one slow send of acknowledgments does not hold back every other. As a bean, it
	 * keeps running until the listeners have stopped (they extend leases and send acknowledgments while they
	 * stop), then stops.
	 * @return the scheduler
	 */
	public static ThreadPoolTaskScheduler scheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setDaemon(true);
		scheduler.setThreadNamePrefix("redis-messaging-scheduler-");
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setAcceptTasksAfterContextClose(true);
		scheduler.setPhase(RedisListenerRegistry.PHASE - 1);
		return scheduler;
	}

	/**
	 * Starts a long-running task on a thread of the executor.
	 * @param name the thread's name while the task runs
	 * @param task the task
	 * @return the running task, to wait for or interrupt
	 */
	public Running start(String name, Runnable task) {
		Running running = new Running(name, task);
		this.executor.execute(running::run);
		return running;
	}

	/**
	 * Runs a task once, after a delay, on a thread of the executor.
	 * @param name the thread's name while the task runs
	 * @param delay how long to wait first
	 * @param task the task
	 * @return the scheduled task, to cancel
	 */
	public ScheduledFuture<?> runLater(String name, Duration delay, Runnable task) {
		return this.scheduler.schedule(() -> this.executor.execute(named(name, task)), Instant.now().plus(delay));
	}

	/**
	 * Runs a task that may block periodically, with a fixed delay between the end of one run and the start of the
	 * next; each run on a thread of the executor, never two at once.
	 * @param name the thread's name while the task runs
	 * @param initialDelay how long after now it first runs
	 * @param interval the delay between runs
	 * @param task the task
	 * @return the repetition, to cancel
	 */
	public Repeating repeat(String name, Duration initialDelay, Duration interval, Runnable task) {
		Repeating repeating = new Repeating(interval, named(name, task), true);
		repeating.scheduleIn(initialDelay);
		return repeating;
	}

	/**
	 * Runs a task that never blocks (it sends without waiting) periodically on the scheduler's own thread, with a
	 * fixed delay between runs.
	 * @param initialDelay how long after now it first runs
	 * @param interval the delay between runs
	 * @param task the task
	 * @return the repetition, to cancel
	 */
	public Repeating repeatNonBlocking(Duration initialDelay, Duration interval, Runnable task) {
		Repeating repeating = new Repeating(interval, task, false);
		repeating.scheduleIn(initialDelay);
		return repeating;
	}

	private static Runnable named(String name, Runnable task) {
		return () -> {
			Thread thread = Thread.currentThread();
			String previous = thread.getName();
			thread.setName(name);
			try {
				task.run();
			}
			finally {
				thread.setName(previous);
			}
		};
	}

	/**
	 * A long-running task started on the executor.
	 */
	public static final class Running {

		private final String name;

		private final Runnable task;

		private final CountDownLatch done = new CountDownLatch(1);

		private @Nullable Thread thread;

		private boolean ended;

		private Running(String name, Runnable task) {
			this.name = name;
			this.task = task;
		}

		private void run() {
			Thread current = Thread.currentThread();
			synchronized (this) {
				if (this.ended) {
					this.done.countDown();
					return;
				}
				this.thread = current;
			}
			try {
				named(this.name, this.task).run();
			}
			finally {
				synchronized (this) {
					this.thread = null;
					this.ended = true;
					// a pooled thread must not carry an interrupt meant for this task into the next one
					Thread.interrupted();
				}
				this.done.countDown();
			}
		}

		/**
		 * Waits for the task to end, up to the timeout.
		 * @param timeout how long to wait at most
		 * @return whether the task has ended
		 * @throws InterruptedException if interrupted while waiting
		 */
		public boolean join(Duration timeout) throws InterruptedException {
			return this.done.await(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}

		/**
		 * Interrupts the task if it is running, and keeps it from running if it has not started yet.
		 */
		public synchronized void interrupt() {
			if (this.thread != null) {
				this.thread.interrupt();
			}
			this.ended = true;
		}

	}

	/**
	 * A task run again and again with a fixed delay, until cancelled.
	 */
	public final class Repeating {

		private final Duration interval;

		private final Runnable task;

		private final boolean onExecutor;

		private volatile boolean cancelled;

		private volatile @Nullable ScheduledFuture<?> next;

		/** The thread of a run in progress on the executor, to interrupt on stop; guarded by this. */
		private @Nullable Thread running;

		private Repeating(Duration interval, Runnable task, boolean onExecutor) {
			this.interval = interval;
			this.task = task;
			this.onExecutor = onExecutor;
		}

		private void scheduleIn(Duration delay) {
			if (!this.cancelled) {
				this.next = ListenerThreads.this.scheduler.schedule(this.onExecutor ? this::handOff : this::runOnce,
						Instant.now().plus(delay));
			}
		}

		private void handOff() {
			if (!this.cancelled) {
				ListenerThreads.this.executor.execute(this::runOnce);
			}
		}

		private void runOnce() {
			synchronized (this) {
				if (this.cancelled) {
					return;
				}
				if (this.onExecutor) {
					this.running = Thread.currentThread();
				}
			}
			try {
				this.task.run();
			}
			finally {
				synchronized (this) {
					if (this.onExecutor) {
						this.running = null;
						// a pooled thread must not carry an interrupt meant for this run into its next task
						Thread.interrupted();
					}
					notifyAll();
				}
				scheduleIn(this.interval);
			}
		}

		/**
		 * Stops the repetition; a run in progress completes.
		 */
		public void cancel() {
			this.cancelled = true;
			ScheduledFuture<?> scheduled = this.next;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

		/**
		 * Stops the repetition and interrupts a run in progress on the executor (a blocking call to Redis, say),
		 * then waits for it to end, up to the timeout: after a container has stopped, none of its periodic work may
		 * still reach for a connection that the application is closing.
		 * @param timeout how long to wait for a run in progress at most
		 * @throws InterruptedException if interrupted while waiting
		 */
		public synchronized void stop(Duration timeout) throws InterruptedException {
			cancel();
			if (this.running == Thread.currentThread()) {
				return;
			}
			if (this.running != null) {
				this.running.interrupt();
			}
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.running != null) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					return;
				}
				wait(left);
			}
		}

	}

	private static final class PlatformThreads {

		private static final ListenerThreads INSTANCE = new ListenerThreads(executor(false), initialized(scheduler()));

		private static ThreadPoolTaskScheduler initialized(ThreadPoolTaskScheduler scheduler) {
			scheduler.initialize();
			return scheduler;
		}

	}

}

package io.github.redismessaging.listener.support;

import java.util.Map;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.ListenerStatus;
import io.github.redismessaging.listener.MessageListenerContainer;

/**
 * The lifecycle every container shares: idempotent start and stop under one lock, and an asynchronous
 * {@link #stop(Runnable)} so that the registry can stop all containers in parallel.
 */
public abstract class AbstractMessageListenerContainer implements MessageListenerContainer {

	private static final long RECONNECT_INITIAL_MILLIS = 100;

	private static final long RECONNECT_MAX_MILLIS = 10_000;

	private final String id;

	private final ListenerKind kind;

	private final boolean autoStartup;

	private final ListenerThreads threads;

	private final Object lifecycleMonitor = new Object();

	private volatile boolean running;

	private volatile boolean paused;

	/** Failures to reach Redis (reading, subscribing), for health reporting. */
	protected final FailureTracker failures = new FailureTracker();

	/**
	 * Creates the container.
	 * @param id the listener id
	 * @param kind the listener kind
	 * @param autoStartup whether the registry starts it with the application context
	 * @param threads where the container's threads come from
	 */
	protected AbstractMessageListenerContainer(String id, ListenerKind kind, boolean autoStartup,
			ListenerThreads threads) {
		this.id = id;
		this.kind = kind;
		this.autoStartup = autoStartup;
		this.threads = threads;
	}

	/**
	 * Where the container's threads come from.
	 * @return the threads' source
	 */
	protected final ListenerThreads threads() {
		return this.threads;
	}

	@Override
	public final String id() {
		return this.id;
	}

	@Override
	public final ListenerKind kind() {
		return this.kind;
	}

	@Override
	public final boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public final boolean isRunning() {
		return this.running;
	}

	@Override
	public final void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			doStart();
		}
	}

	@Override
	public final void stop() {
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.paused = false;
			doStop();
		}
	}

	@Override
	public final void stop(Runnable callback) {
		this.threads.start(threadName("stop"), () -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		});
	}

	@Override
	public final void pause() {
		synchronized (this.lifecycleMonitor) {
			if (this.running && !this.paused) {
				this.paused = true;
				doPause();
			}
		}
	}

	@Override
	public final void resume() {
		synchronized (this.lifecycleMonitor) {
			if (this.running && this.paused) {
				this.paused = false;
				doResume();
			}
		}
	}

	@Override
	public final boolean isPaused() {
		return this.paused;
	}

	@Override
	public final ListenerStatus status() {
		ListenerStatus.State state = !this.running ? ListenerStatus.State.STOPPED
				: this.paused ? ListenerStatus.State.PAUSED : ListenerStatus.State.RUNNING;
		return new ListenerStatus(this.id, this.kind, destination(), state, this.failures.failingSince(),
				this.failures.lastError(), details());
	}

	/**
	 * Kind-specific figures for {@link #status()}, from values refreshed in the background (never a call to Redis).
	 * @return the figures, empty by default
	 */
	protected Map<String, Object> details() {
		return Map.of();
	}

	/**
	 * Stops taking messages; called under the lifecycle lock.
	 */
	protected abstract void doPause();

	/**
	 * Takes messages again; called under the lifecycle lock.
	 */
	protected abstract void doResume();

	/**
	 * Runs {@code task} under the lifecycle lock if the container is still running, so that it cannot race with
	 * {@link #stop()}.
	 * @param task the task
	 */
	protected final void whileRunning(Runnable task) {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				task.run();
			}
		}
	}

	/**
	 * A thread name for this container, for example {@code redis-stream-orders-fetch} or
	 * {@code redis-queue-jobs-worker-2}.
	 * @param role what the thread does
	 * @return the name
	 */
	protected final String threadName(String role) {
		return "redis-" + this.kind.propertyName() + "-" + this.id + "-" + role;
	}

	/**
	 * The backoff between attempts to reach Redis again: exponential from 100 ms, at most 10 s apart, unlimited.
	 * @return a fresh backoff execution
	 */
	protected static BackOffExecution reconnectBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(RECONNECT_INITIAL_MILLIS, 2.0);
		backOff.setMaxInterval(RECONNECT_MAX_MILLIS);
		return backOff.start();
	}

	/**
	 * Starts fetching or subscribing; called under the lifecycle lock, with {@link #isRunning()} already true.
	 */
	protected abstract void doStart();

	/**
	 * Stops gracefully; called under the lifecycle lock, with {@link #isRunning()} already false.
	 */
	protected abstract void doStop();

}

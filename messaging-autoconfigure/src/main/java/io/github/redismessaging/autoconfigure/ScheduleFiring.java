package io.github.redismessaging.autoconfigure;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.listener.support.ListenerThreads;
import io.github.redismessaging.listener.support.ThrottledLog;
import io.github.redismessaging.publish.RedisMessagingTemplate;

/**
 * Fires due recurring jobs in every application with the starter: every {@code redis.messaging.schedules.interval},
 * on a thread of the messaging executor timed by the messaging scheduler, it calls
 * {@link RedisMessagingTemplate#fireDueSchedules()}, which produces one job per tick however many applications do
 * the same. A failed run (Redis unreachable) is logged at most every 10 s and the next run tries again.
 */
final class ScheduleFiring implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ScheduleFiring.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final RedisMessagingTemplate template;

	private final ListenerThreads threads;

	private final Duration interval;

	private final ThrottledLog throttled = new ThrottledLog(logger, Duration.ofSeconds(10));

	private volatile ListenerThreads.@Nullable Repeating firing;

	ScheduleFiring(RedisMessagingTemplate template, ListenerThreads threads, Duration interval) {
		if (interval.compareTo(Duration.ofMillis(10)) < 0) {
			throw new IllegalArgumentException("redis.messaging.schedules.interval must be at least 10ms, not "
					+ interval);
		}
		this.template = template;
		this.threads = threads;
		this.interval = interval;
	}

	@Override
	public void start() {
		this.firing = this.threads.repeat("redis-schedules-fire", this.interval, this.interval, this::fire);
	}

	private void fire() {
		try {
			this.template.fireDueSchedules();
			this.throttled.reset("fire");
		}
		catch (RuntimeException ex) {
			this.throttled.warn("fire", "Recurring jobs could not be fired; trying again every "
					+ this.interval.toMillis() + " ms: " + ex);
		}
	}

	@Override
	public void stop() {
		ListenerThreads.Repeating repeating = this.firing;
		this.firing = null;
		if (repeating != null) {
			try {
				repeating.stop(STOP_TIMEOUT);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.firing != null;
	}

	/**
	 * With the listener registry: started after the shared connection's lifecycle, stopped before it closes the
	 * connection.
	 */
	@Override
	public int getPhase() {
		return RedisListenerRegistry.PHASE;
	}

}

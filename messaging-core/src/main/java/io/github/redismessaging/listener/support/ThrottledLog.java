package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;

/**
 * Logs a recurring warning at most once per interval per kind of event, saying how many were left out since, so
 * that an outage or a damaged key yields about one line per listener per interval instead of one per attempt; or
 * logs every failure of a listener as one line, with a stack trace at most once per interval.
 * Internal: for the containers of this library.
 */
public final class ThrottledLog {

	private final Log logger;

	private final long intervalNanos;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	/**
	 * Creates the log.
	 * @param logger where lines go
	 * @param interval the least time between two lines of one kind
	 */
	public ThrottledLog(Log logger, Duration interval) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Logs a warning unless one of the same kind was logged within the interval.
	 * @param kind what happened, for example {@code "take-back:orders"}
	 * @param message the line
	 */
	public void warn(String kind, String message) {
		Window window = this.windows.computeIfAbsent(kind, (key) -> new Window());
		if (!window.due(this.intervalNanos)) {
			window.suppressed.incrementAndGet();
			return;
		}
		long suppressed = window.suppressed.getAndSet(0);
		this.logger.warn((suppressed > 0) ? message + " (" + suppressed + " more like it not logged)" : message);
	}

	/**
	 * Logs a failure as one warning line every time, with its stack trace only if no line of the same kind carried
	 * one within the interval; otherwise the stack trace goes to DEBUG. A listener that fails on every message so
	 * logs one line per failure and one stack trace per interval.
	 * @param kind what failed, for example {@code "listener"}
	 * @param message the line
	 * @param failure the failure
	 */
	public void warn(String kind, String message, Throwable failure) {
		if (this.windows.computeIfAbsent(kind, (key) -> new Window()).due(this.intervalNanos)) {
			this.logger.warn(message, failure);
			return;
		}
		this.logger.warn(message);
		this.logger.debug(message, failure);
	}

	/**
	 * Forgets a kind of event once it has stopped, so that its next occurrence is logged at once.
	 * @param kind the kind
	 */
	public void reset(String kind) {
		this.windows.remove(kind);
	}

	private static final class Window {

		private long lastNanos;

		private final AtomicLong suppressed = new AtomicLong();

		/**
		 * Whether a line may be logged now, which starts a new interval.
		 */
		synchronized boolean due(long intervalNanos) {
			long now = System.nanoTime();
			if (this.lastNanos != 0 && now - this.lastNanos < intervalNanos) {
				return false;
			}
			this.lastNanos = now;
			return true;
		}

	}

}

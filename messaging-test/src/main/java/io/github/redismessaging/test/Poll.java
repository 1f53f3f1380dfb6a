package io.github.redismessaging.test;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Waits for a condition by polling, because Redis reports state changes (readiness, gossip, failover) only when
 * asked.
 */
final class Poll {

	private Poll() {
	}

	/**
	 * Polls {@code check} until it returns {@code null} (meaning "done") or the timeout passes.
	 * @param timeout how long to wait
	 * @param interval the pause between checks
	 * @param check returns {@code null} when the condition holds, otherwise a description of what is still missing
	 * @return {@code null} on success, otherwise the last description returned by {@code check}
	 */
	static @Nullable String until(Duration timeout, Duration interval, Supplier<@Nullable String> check) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String missing = check.get();
			if (missing == null) {
				return null;
			}
			if (System.nanoTime() - deadline >= 0) {
				return missing;
			}
			pause(interval);
		}
	}

	static void pause(Duration interval) {
		try {
			Thread.sleep(interval.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Redis", ex);
		}
	}

}

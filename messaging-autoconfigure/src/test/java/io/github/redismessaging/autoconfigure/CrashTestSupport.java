package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * What the crash tests ({@link CrashIT}, {@link PartitionedStreamClusterIT}) share to wait for their consumers and
 * to read their bookkeeping.
 */
final class CrashTestSupport {

	private CrashTestSupport() {
	}

	/** Waits like Awaitility, but returns false on timeout so that the assertions can say what is missing. */
	static boolean awaitQuietly(Duration timeout, Callable<Boolean> condition) {
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(condition);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	/**
	 * Handlings beyond the first of each id.
	 * @param processed handlings per id
	 * @return how many
	 */
	static long duplicates(Map<String, Long> processed) {
		return processed.values().stream().mapToLong(Long::longValue).sum() - processed.size();
	}

	/**
	 * Milliseconds since an instant of {@link System#nanoTime()}.
	 * @param nanos the instant
	 * @return the milliseconds since
	 */
	static long millisSince(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
	}

}

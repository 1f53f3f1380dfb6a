package io.github.redismessaging.listener.support;

import java.util.concurrent.TimeUnit;

import org.springframework.util.backoff.BackOffExecution;

/**
 * Waits out one back-off delay. Internal: for the retry loops of this library's containers.
 */
public final class BackOffPause {

	private BackOffPause() {
	}

	/**
	 * Sleeps for a delay that a {@link BackOffExecution} gave.
	 * @param millis the delay, or {@link BackOffExecution#STOP}
	 * @return false, without sleeping, if the back-off has stopped, or if the thread was interrupted (its interrupt
	 * flag is set again)
	 */
	public static boolean pause(long millis) {
		if (millis == BackOffExecution.STOP) {
			return false;
		}
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}

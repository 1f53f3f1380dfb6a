package io.github.redismessaging.listener.support;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Remembers since when an activity (reading, subscribing) has been failing, for health reporting.
 */
public final class FailureTracker {

	private volatile @Nullable Instant failingSince;

	private volatile @Nullable String lastError;

	/**
	 * Records a failure; the first one of a series sets {@link #failingSince()}.
	 * @param error the failure
	 */
	public void failed(Throwable error) {
		if (this.failingSince == null) {
			this.failingSince = Instant.now();
		}
		this.lastError = error.getClass().getName() + ": " + error.getMessage();
	}

	/**
	 * Records a success, which ends a series of failures.
	 */
	public void succeeded() {
		if (this.failingSince != null) {
			this.failingSince = null;
		}
	}

	/**
	 * Since when the activity has been failing.
	 * @return the time of the first failure of the current series, or {@code null} if it is not failing
	 */
	public Instant failingSince() {
		return this.failingSince;
	}

	/**
	 * The last failure.
	 * @return a description, or {@code null} if there was none
	 */
	public String lastError() {
		return this.lastError;
	}

}

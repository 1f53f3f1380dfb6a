package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of the listeners that fetch their messages and retry the failed ones: stream and queue listeners.
 */
public abstract class PollingListenerSettings extends ListenerSettings {

	/**
	 * Messages fetched at once, and the most a batch listener gets in one call: entries per XREADGROUP or XREAD
	 * (COUNT) of a stream listener; items per take of a queue listener, under one lease (at most 1000). The hand-off
	 * to the workers holds two batches (one read ahead), which bounds the messages held in memory. Default: 100
	 * for stream listeners, 10 for queue listeners.
	 */
	private @Nullable Integer batchSize;

	/**
	 * How long one blocking read waits for messages: a stream listener's XREADGROUP or XREAD (BLOCK), a queue
	 * listener's wait on an empty queue. Default: 2s.
	 */
	private @Nullable Duration block;

	/**
	 * 'true' to move messages that failed for good, or cannot be decoded, to the dead-letter stream or list
	 * {name}:dlq; 'false' for none (a stream listener's failing entries then stay pending and are redelivered, a
	 * queue listener's failing items are retried, forever). A stream listener also takes the name of another stream
	 * in the same hash slot. Default: true.
	 */
	private @Nullable String deadLetter;

	/**
	 * Fully qualified exception classes that a retry cannot fix: a message whose listener throws one of them (or an
	 * exception caused by one) is dead-lettered at once, without retries. Decode and validation failures always
	 * are. Default: none.
	 */
	private @Nullable List<String> notRetryable;

	/**
	 * Name of the RedisListenerErrorHandler bean that decides for a failed message (retry, dead-letter now, skip).
	 * Default: the application's only RedisListenerErrorHandler bean, if there is one.
	 */
	private @Nullable String errorHandler;

	/**
	 * Delays between the retries of a failed message: a queue listener's retries, a stream listener's in-process
	 * retries.
	 */
	@NestedConfigurationProperty
	private final Backoff backoff = new Backoff();

	public @Nullable Integer getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(@Nullable Integer batchSize) {
		this.batchSize = batchSize;
	}

	public @Nullable Duration getBlock() {
		return this.block;
	}

	public void setBlock(@Nullable Duration block) {
		this.block = block;
	}

	public @Nullable String getDeadLetter() {
		return this.deadLetter;
	}

	public void setDeadLetter(@Nullable String deadLetter) {
		this.deadLetter = deadLetter;
	}

	public @Nullable List<String> getNotRetryable() {
		return this.notRetryable;
	}

	public void setNotRetryable(@Nullable List<String> notRetryable) {
		this.notRetryable = notRetryable;
	}

	public @Nullable String getErrorHandler() {
		return this.errorHandler;
	}

	public void setErrorHandler(@Nullable String errorHandler) {
		this.errorHandler = errorHandler;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}

	/**
	 * The exponential backoff between retries, as Spring's ExponentialBackOff computes it.
	 */
	public static class Backoff {

		/**
		 * Delay before the first retry. Default: 1s.
		 */
		private @Nullable Duration delay;

		/**
		 * Factor each further delay grows by; at least 1 (1 for a fixed delay). Default: 2.
		 */
		private @Nullable Double multiplier;

		/**
		 * Longest delay. Default: 1m for queue listeners, 30s for stream listeners.
		 */
		private @Nullable Duration maxDelay;

		/**
		 * How far each delay may randomly stray, up or down, so that the retries of messages that failed together
		 * spread out. It grows with the delay, and a delay stays between the first delay and the longest. Default:
		 * 0ms (none).
		 */
		private @Nullable Duration jitter;

		public @Nullable Duration getDelay() {
			return this.delay;
		}

		public void setDelay(@Nullable Duration delay) {
			this.delay = delay;
		}

		public @Nullable Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(@Nullable Double multiplier) {
			this.multiplier = multiplier;
		}

		public @Nullable Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(@Nullable Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public @Nullable Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(@Nullable Duration jitter) {
			this.jitter = jitter;
		}

	}

}

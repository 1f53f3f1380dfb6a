package io.github.redismessaging.metrics;

import java.util.function.LongSupplier;

/**
 * The meters of one listener. Implementations cache meters per destination, so calls are cheap on the hot path.
 */
public interface ListenerMetrics {

	/**
	 * A message was taken from Redis.
	 * @param destination the subscribed channel or pattern, stream or queue
	 */
	void received(String destination);

	/**
	 * A message was handled: the plain timer {@code redis.messaging.process}. Called only while observations are
	 * off; while they are on, the observation of each message is its only timing (see {@link ProcessTiming}).
	 * @param destination the subscribed channel or pattern, stream or queue
	 * @param outcome how it ended
	 * @param nanos how long handling took
	 */
	void processed(String destination, Outcome outcome, long nanos);

	/**
	 * A message was dropped before reaching the listener.
	 * @param destination the subscribed channel or pattern
	 */
	void dropped(String destination);

	/**
	 * A failed message is tried again: in process after a backoff, or redelivered by pending recovery.
	 * @param destination the stream or queue
	 */
	void retried(String destination);

	/**
	 * A failed message was given up without a dead letter, as the listener's error handler decided.
	 * @param destination the stream or queue
	 */
	void skipped(String destination);

	/**
	 * Messages were moved to the dead-letter stream or list.
	 * @param destination the stream or queue
	 * @param reason why, for example {@code max-deliveries} or {@code decode}
	 * @param count how many
	 */
	void deadLettered(String destination, String reason, long count);

	/**
	 * Pending entries were found deleted from the stream: acknowledged and counted, never delivered.
	 * @param destination the stream
	 * @param count how many
	 */
	void deletedWhilePending(String destination, long count);

	/**
	 * Registers a gauge of the listener, read from a value the container refreshes in the background (a scrape
	 * never waits for Redis).
	 * @param name the gauge name, for example {@code redis.messaging.pending}
	 * @param destination the stream or queue
	 * @param description what it measures
	 * @param value supplies the last known value
	 */
	void gauge(String name, String destination, String description, LongSupplier value);

	/**
	 * How handling a message ended; the value of the {@code outcome} tag.
	 */
	enum Outcome {

		/** The listener returned normally. */
		SUCCESS("success"),

		/** The listener threw. */
		FAILURE("failure"),

		/** The payload could not be decoded into the listener's payload type. */
		DECODE_FAILURE("decode-failure");

		private final String tag;

		Outcome(String tag) {
			this.tag = tag;
		}

		/**
		 * The tag value.
		 * @return for example {@code success}
		 */
		public String tag() {
			return this.tag;
		}

	}

}

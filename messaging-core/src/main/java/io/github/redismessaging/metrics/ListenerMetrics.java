package io.github.redismessaging.metrics;

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
	 * A message was handed to the listener.
	 * @param destination the subscribed channel or pattern, stream or queue
	 * @param outcome how it ended
	 * @param nanos how long the listener took
	 */
	void processed(String destination, Outcome outcome, long nanos);

	/**
	 * A message was dropped before reaching the listener.
	 * @param destination the subscribed channel or pattern
	 */
	void dropped(String destination);

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

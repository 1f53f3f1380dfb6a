package io.github.redismessaging.pubsub;

/**
 * Receives messages from a subscription on the Lettuce event loop; must never block.
 */
@FunctionalInterface
interface MessageSink {

	/**
	 * Accepts one message.
	 * @param channel the channel it was published to
	 * @param pattern the matching pattern, or {@code null} for a channel subscription
	 * @param sharded whether it came through SSUBSCRIBE
	 * @param payload the raw payload
	 */
	void accept(String channel, String pattern, boolean sharded, byte[] payload);

}

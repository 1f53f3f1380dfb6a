package io.github.redismessaging.pubsub;

/**
 * The Redis side of a subscriber container: owns its connections and keeps the subscriptions in place.
 */
interface Subscription {

	/**
	 * Connects and subscribes, waiting for Redis to confirm.
	 * @throws RuntimeException if Redis cannot be reached or refuses; the caller retries with backoff
	 */
	void open();

	/**
	 * Unsubscribes and closes the connections. Safe to call after a failed {@link #open()}.
	 */
	void close();

}

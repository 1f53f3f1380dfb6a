package io.github.redismessaging.listener;

/**
 * What a {@link RedisListenerErrorHandler} decided for a failed message.
 */
public enum ErrorAction {

	/**
	 * The listener's failure path: a retry after the backoff (queues) or in process (streams with {@code retries}),
	 * else pending for redelivery, and a dead letter once the attempts or deliveries are used up.
	 */
	RETRY,

	/**
	 * Dead-letter it now, with reason {@code error-handler} and the exception. A listener without a dead-letter
	 * destination ({@code deadLetter = false}) takes the failure path instead.
	 */
	DEAD_LETTER,

	/**
	 * Give up on it without a dead letter: the entry is acknowledged, or the item finished, and
	 * {@code redis.messaging.skipped} counts it.
	 */
	SKIP

}

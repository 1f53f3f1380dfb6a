package io.github.redismessaging.queue;

/**
 * How a {@code @QueueListener} takes items from its list.
 */
public enum QueueMode {

	/**
	 * BLMOVE into a per-consumer processing list, LREM after success; items of crashed consumers return to the
	 * queue when their heartbeat expires. Every item is processed or dead-lettered.
	 */
	AT_LEAST_ONCE,

	/** BLMPOP: fastest; an item in flight in a crashed consumer is lost. */
	AT_MOST_ONCE,

	/**
	 * LMOVE from the list to itself: the item stays in the list while being processed, so workers cycle over a
	 * fixed set of items and a crash loses nothing.
	 */
	CIRCULAR

}

package io.github.redismessaging.queue;

/**
 * How a {@code @QueueListener} takes items from its list.
 */
public enum QueueMode {

	/**
	 * Items are taken in batches (takes), each under one lease that the consumer extends while it works; a lease
	 * that runs out (a crashed or cut-off consumer) brings the take's unfinished items back. Every item is processed
	 * or dead-lettered.
	 */
	AT_LEAST_ONCE,

	/** A pop without a lease (RPOP with a count): fastest; an item in flight in a crashed consumer is lost. */
	AT_MOST_ONCE,

	/**
	 * LMOVE from the list to itself: the item stays in the list while being processed, so workers cycle over a
	 * fixed set of items and a crash loses nothing.
	 */
	CIRCULAR

}

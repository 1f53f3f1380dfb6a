package io.github.redismessaging.stream;

/**
 * In what order a stream listener with several workers handles entries.
 */
public enum Ordering {

	/** No order between entries handled at the same time: any worker takes the next entry. */
	NONE,

	/**
	 * Entries with the same key run one at a time, in stream order, while different keys run on up to
	 * {@code concurrency} workers. The key is the value of the entry's {@code orderingKey} field ({@code h.key}, the
	 * header the template writes, by default); entries without that field are in no order. A failing entry holds
	 * back the later entries of its key, and those alone, until it succeeds or is dead-lettered: with a consumer
	 * group it is delivered again in process, after the {@code backoff}, until it has been delivered
	 * {@code maxDeliveries} times ({@code retries} does not apply), then dead-lettered. Its worker is occupied
	 * during the backoff waits, while the other keys run on the other workers. Without a dead-letter stream it stays
	 * pending after its last delivery and the later entries of its key go on. Fan-out listeners and
	 * {@code ackMode = NONE}, which deliver nothing again, keep the order and treat a failing entry as they would
	 * without it ({@code retries}, then the next entry).
	 * <p>
	 * The order holds within one instance: the instances of a group read different entries of one key. Entries
	 * taken over by pending recovery come after those already read. Entries waiting for their key take room in the
	 * bounded hand-off, so when it is full of entries of held keys no more are read until they move; and they stay
	 * pending meanwhile, so {@code claimMinIdle} must exceed the longest time a key is held (the calls and backoff
	 * waits of {@code maxDeliveries} deliveries), or pending recovery delivers them again. Not for batch listeners.
	 */
	KEY

}

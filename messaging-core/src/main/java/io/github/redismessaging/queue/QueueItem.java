package io.github.redismessaging.queue;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.queue.QueueEnvelope.InvalidItemException;

/**
 * One item handed from the fetch loop to the workers. It is read on its own: an item that is not a valid
 * envelope carries the reason instead of an envelope, and is dead-lettered without blocking the items after it.
 *
 * @param queue the queue it was taken from
 * @param takeId the take (one lease) it belongs to, or {@code null} when it was not leased (at most once, circular)
 * @param raw the list element exactly as stored
 * @param envelope the element read as an envelope, or {@code null} if it could not be read
 * @param invalid why it could not be read, or {@code null}
 * @param expiries how often a lease on it expired before, as counted by Redis (0 to {@value QueueEnvelope#MAX_ATTEMPTS_READ})
 */
record QueueItem(QueueKeys queue, @Nullable String takeId, byte[] raw, @Nullable QueueEnvelope envelope,
		@Nullable String invalid, int expiries) {

	static QueueItem read(QueueKeys queue, @Nullable String takeId, byte[] raw, long expiries) {
		int clamped = (int) Math.max(0, Math.min(QueueEnvelope.MAX_ATTEMPTS_READ, expiries));
		try {
			return new QueueItem(queue, takeId, raw, QueueEnvelope.decode(raw), null, clamped);
		}
		catch (InvalidItemException ex) {
			return new QueueItem(queue, takeId, raw, null, ex.getMessage(), clamped);
		}
		catch (RuntimeException ex) {
			return new QueueItem(queue, takeId, raw, null, ex.getClass().getSimpleName() + ": " + ex.getMessage(),
					clamped);
		}
	}

	/**
	 * The item's id for logs and dead letters: the envelope id, or {@code raw:} and a hash of the bytes.
	 */
	String id() {
		return (this.envelope != null) ? this.envelope.id() : QueueEnvelope.rawId(this.raw);
	}

	/**
	 * The unique key the item holds, if it is a readable unique job.
	 */
	@Nullable String uniqueKey() {
		return (this.envelope != null) ? this.envelope.uniqueKey() : null;
	}

	/**
	 * Deliveries before this one that failed or whose lease expired.
	 */
	long previousDeliveries() {
		return ((this.envelope != null) ? this.envelope.attempts() : 0L) + this.expiries;
	}

}

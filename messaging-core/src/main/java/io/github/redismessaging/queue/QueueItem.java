package io.github.redismessaging.queue;

/**
 * One item handed from the fetch loop to the workers.
 *
 * @param queue the queue it was taken from
 * @param raw the list element exactly as stored (needed to remove it from the processing list)
 * @param envelope the element read as an envelope
 */
record QueueItem(QueueKeys queue, byte[] raw, QueueEnvelope envelope) {

	static QueueItem of(QueueKeys queue, byte[] raw) {
		return new QueueItem(queue, raw, QueueEnvelope.read(raw));
	}

}

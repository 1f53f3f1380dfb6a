package io.github.redismessaging.queue;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The items a consumer has taken and not finished (handed off or being processed), so that on a new connection
 * it can tell them from items stranded in its processing list by a lost reply.
 */
final class InFlightItems {

	private final Map<ByteBuffer, QueueItem> items = new ConcurrentHashMap<>();

	void add(QueueItem item) {
		this.items.put(ByteBuffer.wrap(item.raw()), item);
	}

	void remove(QueueItem item) {
		this.items.remove(ByteBuffer.wrap(item.raw()));
	}

	byte[][] held(QueueKeys queue) {
		return this.items.values()
			.stream()
			.filter((item) -> item.queue().equals(queue))
			.map(QueueItem::raw)
			.toArray(byte[][]::new);
	}

}

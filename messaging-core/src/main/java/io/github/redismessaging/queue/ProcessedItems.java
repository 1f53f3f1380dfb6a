package io.github.redismessaging.queue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.lettuce.core.ScriptOutputType;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.BatchedCompletions;

/**
 * Removes successfully handled items from this consumer's processing lists in batches: one script call per queue
 * removes many items, sent without waiting, when a batch is full or on the periodic flush. An item stays held
 * (see {@link InFlightItems}) until Redis has confirmed its removal, so maintenance never mistakes it for one
 * stranded by a lost read. If the process dies first, the item is still in the processing list and is delivered
 * again after recovery, which at-least-once allows.
 */
final class ProcessedItems {

	private final Map<QueueKeys, BatchedCompletions<QueueItem>> byQueue = new LinkedHashMap<>();

	ProcessedItems(RedisConnections connections, QueueSettings settings, InFlightItems inFlight) {
		for (QueueKeys queue : settings.queues()) {
			String processing = queue.processing(settings.consumer());
			byte[][] keys = { QueueKeys.bytes(processing) };
			this.byQueue.put(queue, new BatchedCompletions<>("Removal from " + processing, settings.batchSize(),
					(items) -> QueueScripts.REMOVE.run(connections.commands(), ScriptOutputType.INTEGER, keys,
							items.stream().map(QueueItem::raw).toArray(byte[][]::new)),
					(items) -> items.forEach(inFlight::remove)));
		}
	}

	void succeeded(QueueItem item) {
		this.byQueue.get(item.queue()).add(item);
	}

	void flush() {
		this.byQueue.values().forEach(BatchedCompletions::flush);
	}

	void flushAndWait(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.byQueue.values().forEach((completions) -> completions
			.flushAndWait(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
	}

}

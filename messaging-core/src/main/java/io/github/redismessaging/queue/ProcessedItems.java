package io.github.redismessaging.queue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.lettuce.core.ScriptOutputType;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.BatchedCompletions;
import io.github.redismessaging.listener.PollingListenerContainer;

/**
 * Finishes the leases of successfully handled items in batches: one {@code FINISH} script call per queue ends
 * many leases ({@code HDEL} + {@code ZREM}, no list scan), sent without waiting, when a batch is full or on the
 * periodic flush. A lease stays held, and extended, until Redis has confirmed its end. If the process dies first,
 * the lease expires and the item is delivered again, which at-least-once allows.
 */
final class ProcessedItems implements PollingListenerContainer.Completions {

	private final Map<QueueKeys, BatchedCompletions<QueueItem>> byQueue = new LinkedHashMap<>();

	ProcessedItems(RedisConnections connections, QueueSettings settings, HeldLeases held) {
		for (QueueKeys queue : settings.queues()) {
			byte[][] keys = { QueueKeys.bytes(queue.leased()), QueueKeys.bytes(queue.leases()),
					QueueKeys.bytes(queue.expiries()) };
			this.byQueue.put(queue, new BatchedCompletions<>("Finishing leases on " + queue.key(),
					settings.batchSize(),
					(items) -> QueueScripts.FINISH.run(connections.commands(), ScriptOutputType.INTEGER, keys,
							items.stream().map((item) -> QueueKeys.bytes(item.leaseId())).toArray(byte[][]::new)),
					(items) -> items.forEach(held::release)));
		}
	}

	void succeeded(QueueItem item) {
		this.byQueue.get(item.queue()).add(item);
	}

	@Override
	public void flush() {
		this.byQueue.values().forEach(BatchedCompletions::flush);
	}

	@Override
	public void flushAndWait(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.byQueue.values().forEach((completions) -> completions
			.flushAndWait(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
	}

}

package io.github.redismessaging.queue;

import java.util.Map;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.BatchListenerInvoker;
import io.github.redismessaging.listener.ListenerContainerFactory;
import io.github.redismessaging.listener.ListenerEndpoint;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.support.BoundedWorkers;
import io.github.redismessaging.listener.support.ConsumerNames;
import io.github.redismessaging.listener.support.FailureHandlers;
import io.github.redismessaging.listener.support.ListenerThreads;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.MessagingMetrics;

/**
 * Creates the containers of {@code @QueueListener} listeners. Settings beyond the annotation's attributes
 * (through {@code redis.messaging.queue.defaults.*} or {@code redis.messaging.listeners.<id>.*}):
 * {@code batchSize}, {@code block}, {@code leaseTimeout}, {@code maintenanceInterval},
 * {@code shutdownTimeout}, {@code rotationInterval}.
 */
public final class QueueContainerFactory implements ListenerContainerFactory {

	private final RedisConnections connections;

	private final MessagingMetrics metrics;

	private final KeyNames keys;

	private final FailureHandlers failureHandlers;

	private final ListenerThreads threads;

	/**
	 * Creates the factory, without error handlers or a dead-letter customizer, on platform threads.
	 * @param connections where containers fetch and acknowledge
	 * @param metrics where listeners record their meters
	 * @param keys the key prefix and companion key names
	 */
	public QueueContainerFactory(RedisConnections connections, MessagingMetrics metrics, KeyNames keys) {
		this(connections, metrics, keys, FailureHandlers.none(), ListenerThreads.platform());
	}

	/**
	 * Creates the factory.
	 * @param connections where containers fetch and acknowledge
	 * @param metrics where listeners record their meters
	 * @param keys the key prefix and companion key names
	 * @param failureHandlers finds each listener's error handler and the dead-letter customizer
	 * @param threads where the containers' threads come from
	 */
	public QueueContainerFactory(RedisConnections connections, MessagingMetrics metrics, KeyNames keys,
			FailureHandlers failureHandlers, ListenerThreads threads) {
		this.connections = connections;
		this.metrics = metrics;
		this.keys = keys;
		this.failureHandlers = failureHandlers;
		this.threads = threads;
	}

	@Override
	public ListenerKind kind() {
		return ListenerKind.QUEUE;
	}

	@Override
	public Map<String, String> defaultAttributes() {
		return QueueSettings.DEFAULTS;
	}

	@Override
	public MessageListenerContainer createContainer(ListenerEndpoint endpoint, ListenerInvoker invoker) {
		String id = endpoint.id();
		QueueSettings settings = QueueSettings.from(ConsumerNames.unique(id), endpoint.attributes(), this.keys);
		ListenerMetrics listenerMetrics = this.metrics.listener(ListenerKind.QUEUE, id);
		HeldTakes held = new HeldTakes(settings.consumer());
		ProcessedItems processedItems = new ProcessedItems(this.connections, settings, held);
		QueueFailures failures = new QueueFailures(id, settings, this.connections, listenerMetrics, processedItems,
				this.failureHandlers.forListener(id, endpoint.attributes()),
				this.failureHandlers.deadLetters(id));
		ItemProcessor processor = new ItemProcessor(id, invoker, listenerMetrics, this.metrics.observations(), held,
				processedItems, failures);
		String threadPrefix = "redis-queue-" + id + "-worker-";
		BoundedWorkers<QueueItem> workers = (invoker instanceof BatchListenerInvoker)
				? BoundedWorkers.batched(threadPrefix, id, settings.concurrency(), settings.batchSize(),
						processor::acceptBatch)
				: new BoundedWorkers<>(threadPrefix, id, settings.concurrency(), settings.batchSize(), processor);
		QueueMaintenance maintenance = new QueueMaintenance(this.connections, settings, id, listenerMetrics, held,
				processedItems, failures);
		return new QueueListenerContainer(id, settings, this.connections, this.threads, workers, maintenance, listenerMetrics, held,
				processedItems);
	}

}

package io.github.redismessaging.stream;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.Acknowledgment;
import io.github.redismessaging.listener.BatchListenerInvoker;
import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.listener.ListenerContainerFactory;
import io.github.redismessaging.listener.ListenerEndpoint;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.listener.support.BoundedWorkers;
import io.github.redismessaging.listener.support.FailureHandlers;
import io.github.redismessaging.listener.support.ListenerThreads;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.MessagingMetrics;

/**
 * Creates the containers of {@code @StreamListener} listeners. Settings beyond the annotation's attributes
 * (through {@code redis.messaging.stream.defaults.*} or {@code redis.messaging.listeners.<id>.*}):
 * {@code claimInterval}, {@code retries}, {@code backoff.*}, {@code shutdownTimeout},
 * {@code consumerIdleTimeout}.
 */
public final class StreamContainerFactory implements ListenerContainerFactory {

	private final RedisConnections connections;

	private final MessagingMetrics metrics;

	private final KeyNames keys;

	private final FailureHandlers failureHandlers;

	private final ListenerThreads threads;

	/**
	 * Creates the factory, without error handlers or a dead-letter customizer, on platform threads.
	 * @param connections where containers read and acknowledge
	 * @param metrics where listeners record their meters
	 * @param keys the key prefix and companion key names
	 */
	public StreamContainerFactory(RedisConnections connections, MessagingMetrics metrics, KeyNames keys) {
		this(connections, metrics, keys, FailureHandlers.none(), ListenerThreads.platform());
	}

	/**
	 * Creates the factory.
	 * @param connections where containers read and acknowledge
	 * @param metrics where listeners record their meters
	 * @param keys the key prefix and companion key names
	 * @param failureHandlers finds each listener's error handler and the dead-letter customizer
	 * @param threads where the containers' threads come from
	 */
	public StreamContainerFactory(RedisConnections connections, MessagingMetrics metrics, KeyNames keys,
			FailureHandlers failureHandlers, ListenerThreads threads) {
		this.connections = connections;
		this.metrics = metrics;
		this.keys = keys;
		this.failureHandlers = failureHandlers;
		this.threads = threads;
	}

	@Override
	public ListenerKind kind() {
		return ListenerKind.STREAM;
	}

	@Override
	public Map<String, String> defaultAttributes() {
		return StreamSettings.DEFAULTS;
	}

	@Override
	public Set<Class<?>> supportedArgumentTypes() {
		return Set.of(Acknowledgment.class, Map.class);
	}

	@Override
	public List<HandlerMethodArgumentResolver> argumentResolvers() {
		return List.of(new StreamArgumentResolver(Acknowledgment.class::equals, RedisHeaders.ACKNOWLEDGMENT),
				new StreamArgumentResolver(Map.class::isAssignableFrom, RedisHeaders.FIELDS));
	}

	@Override
	public MessageListenerContainer createContainer(ListenerEndpoint endpoint, ListenerInvoker invoker) {
		String id = endpoint.id();
		StreamSettings settings = StreamSettings.from(id, endpoint.attributes(), this.keys);
		checkAcknowledgment(endpoint, settings);
		ListenerMetrics listenerMetrics = this.metrics.listener(ListenerKind.STREAM, id);
		String failuresKey = this.keys.companion(settings.stream(), "failures");
		Acker acker = settings.isGroup() ? new Acker(this.connections, settings) : null;
		StreamFailures failures = new StreamFailures(id, settings, this.connections, listenerMetrics, failuresKey,
				acker, this.failureHandlers.forListener(id, endpoint.attributes()),
				this.failureHandlers.deadLetters(id));
		EntryProcessor processor = new EntryProcessor(id, settings, invoker, listenerMetrics, acker, failures,
				this.metrics.observations());
		String threadPrefix = "redis-stream-" + id + "-worker-";
		BoundedWorkers<StreamEntry> workers = (invoker instanceof BatchListenerInvoker)
				? BoundedWorkers.batched(threadPrefix, id, settings.concurrency(), settings.batchSize(),
						processor::acceptBatch)
				: new BoundedWorkers<>(threadPrefix, id, settings.concurrency(), settings.batchSize(), processor);
		PendingRecovery recovery = settings.isGroup()
				? new PendingRecovery(settings, id, failures, workers, listenerMetrics) : null;
		GroupMaintenance maintenance = settings.isGroup()
				? new GroupMaintenance(this.connections, settings, id, listenerMetrics) : null;
		return new StreamListenerContainer(id, settings, this.connections, this.threads, workers, acker, recovery, maintenance,
				listenerMetrics);
	}

	private static void checkAcknowledgment(ListenerEndpoint endpoint, StreamSettings settings) {
		boolean takesAcknowledgment = Arrays.stream(endpoint.method().getParameterTypes())
			.anyMatch(Acknowledgment.class::equals);
		ListenerAttributes attributes = endpoint.attributes();
		if (settings.ackMode() == AckMode.MANUAL && !takesAcknowledgment) {
			throw attributes.invalid("ackMode", "MANUAL needs an Acknowledgment parameter on the method to "
					+ "acknowledge with; add one or use AUTO");
		}
		if (settings.ackMode() != AckMode.MANUAL && takesAcknowledgment) {
			throw attributes.invalid("ackMode", "the method takes an Acknowledgment, which only works with MANUAL, "
					+ "but ackMode is " + settings.ackMode());
		}
	}

}

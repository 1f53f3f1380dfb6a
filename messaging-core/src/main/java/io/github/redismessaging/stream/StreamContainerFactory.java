package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.util.backoff.BackOffExecution;

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
import io.github.redismessaging.listener.support.PollingListenerContainer;
import io.github.redismessaging.listener.support.ThrottledLog;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.MessagingMetrics;

/**
 * Creates the containers of {@code @StreamListener} listeners. Settings beyond the annotation's attributes
 * (through {@code redis.messaging.stream.defaults.*} or {@code redis.messaging.listeners.<id>.*}):
 * {@code claimInterval}, {@code retries}, {@code backoff.*}, {@code shutdownTimeout},
 * {@code consumerIdleTimeout}.
 */
public final class StreamContainerFactory implements ListenerContainerFactory {

	private static final Log logger = LogFactory.getLog(StreamContainerFactory.class);

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
		checkOrdering(endpoint, settings, invoker);
		ListenerMetrics listenerMetrics = this.metrics.listener(ListenerKind.STREAM, id);
		if (settings.isPartitioned()) {
			if (settings.ordering() == Ordering.KEY && !settings.orderingKey().equals(StreamSettings.KEY_FIELD)) {
				logger.warn("Listener '" + id + "' orders by field '" + settings.orderingKey() + "' on a partitioned "
						+ "stream, whose producers route by the key header (" + StreamSettings.KEY_FIELD + "): entries "
						+ "with one '" + settings.orderingKey() + "' may be in several partitions, on several "
						+ "instances, and keep their order only within each; append with that value as the key");
			}
			return new PartitionedStreamListenerContainer(id, settings, this.connections, this.threads, this.keys,
					listenerMetrics, (partition, partitionSettings, lease, readFailures) -> container(
							id + "-p" + partition, id, partitionSettings, endpoint, invoker, listenerMetrics, lease,
							readFailures));
		}
		return container(id, id, settings, endpoint, invoker, listenerMetrics, null,
				PollingListenerContainer.readFailureLog());
	}

	/**
	 * Creates the container of a plain stream, or of one partition of a partitioned stream.
	 * @param containerId the container's id, for its threads and messages
	 * @param listenerId the listener's id, for its error handler, dead letters and meters
	 * @param lease the partition's lease, {@code null} for a plain stream
	 * @param readFailures where its read failures are logged
	 */
	private StreamListenerContainer container(String containerId, String listenerId, StreamSettings settings,
			ListenerEndpoint endpoint, ListenerInvoker invoker, ListenerMetrics listenerMetrics,
			@Nullable PartitionLease lease, ThrottledLog readFailures) {
		String failuresKey = (lease != null) ? KeyNames.NO_PREFIX.companion(settings.key(), "failures")
				: this.keys.companion(settings.stream(), "failures");
		Acker acker = !settings.isGroup() ? null
				: (lease != null)
						? new Acker(this.connections, settings, lease)
						: new Acker(this.connections, settings);
		BooleanSupplier owned = (lease != null) ? lease::held : () -> true;
		StreamFailures failures = new StreamFailures(listenerId, settings, this.connections, listenerMetrics,
				failuresKey, acker, this.failureHandlers.forListener(listenerId, endpoint.attributes()),
				this.failureHandlers.deadLetters(listenerId), owned);
		WaitingEntries waiting = (settings.ordering() == Ordering.KEY && settings.isGroup()
				&& settings.ackMode() != AckMode.NONE) ? new WaitingEntries() : null;
		EntryProcessor processor = new EntryProcessor(listenerId, settings, invoker, listenerMetrics, acker, failures,
				this.metrics.observations(), owned, waiting);
		BoundedWorkers<StreamEntry> workers = workers(containerId, settings, invoker, processor);
		PendingRecovery recovery = settings.isGroup()
				? new PendingRecovery(settings, listenerId, failures, workers, listenerMetrics, waiting, readFailures)
				: null;
		GroupMaintenance maintenance = (settings.isGroup() && lease == null)
				? new GroupMaintenance(this.connections, settings, listenerId, listenerMetrics) : null;
		return new StreamListenerContainer(containerId, settings, this.connections, this.threads, workers, acker,
				recovery, maintenance, lease, waiting, readFailures, listenerMetrics);
	}

	private static BoundedWorkers<StreamEntry> workers(String id, StreamSettings settings, ListenerInvoker invoker,
			EntryProcessor processor) {
		String threadPrefix = "redis-stream-" + id + "-worker-";
		if (invoker instanceof BatchListenerInvoker) {
			return BoundedWorkers.batched(threadPrefix, id, settings.concurrency(), settings.batchSize(),
					processor::acceptBatch);
		}
		if (settings.ordering() == Ordering.KEY) {
			byte[] keyField = settings.orderingKey().getBytes(StandardCharsets.UTF_8);
			return BoundedWorkers.keyOrdered(threadPrefix, id, settings.concurrency(), settings.batchSize(), processor,
					(entry) -> entry.value(keyField));
		}
		return new BoundedWorkers<>(threadPrefix, id, settings.concurrency(), settings.batchSize(), processor);
	}

	private static void checkOrdering(ListenerEndpoint endpoint, StreamSettings settings, ListenerInvoker invoker) {
		if (settings.ordering() == Ordering.KEY && invoker instanceof BatchListenerInvoker) {
			throw endpoint.attributes().invalid("ordering", "KEY runs the entries of a key one at a time, but a batch "
					+ "listener (a List parameter) gets many entries in one call; take one entry per call, or use NONE");
		}
		if (settings.ordering() == Ordering.KEY && settings.isGroup() && settings.ackMode() != AckMode.NONE) {
			Duration held = backOffWaits(settings);
			if (held.compareTo(settings.claimMinIdle()) >= 0) {
				throw endpoint.attributes().invalid("claimMinIdle", "with ordering KEY a failing entry holds its key "
						+ "for its " + settings.maxDeliveries() + " deliveries, and their backoff waits alone take up to "
						+ held + ", not less than claimMinIdle (" + settings.claimMinIdle() + "): pending recovery "
						+ "would deliver the entries waiting for the key again, out of order; raise claimMinIdle above "
						+ held + ", or shorten the backoff or maxDeliveries");
			}
		}
	}

	/** The longest the backoff waits between the deliveries of one entry can add up to. */
	private static Duration backOffWaits(StreamSettings settings) {
		BackOffExecution waits = settings.backoff().start();
		long jitter = settings.backoff().jitter().toMillis();
		long maxDelay = settings.backoff().maxDelay().toMillis();
		long total = 0;
		for (int retry = 1; retry < settings.maxDeliveries(); retry++) {
			long delay = waits.nextBackOff();
			if (delay >= maxDelay) {
				// every later wait is the maximum too
				long left = settings.maxDeliveries() - retry;
				return Duration.ofMillis(total + Math.min(left, Long.MAX_VALUE / 2 / (maxDelay + jitter + 1))
						* (maxDelay + jitter));
			}
			total += delay + jitter;
		}
		return Duration.ofMillis(total);
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

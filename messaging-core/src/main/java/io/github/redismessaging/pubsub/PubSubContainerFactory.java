package io.github.redismessaging.pubsub;

import java.util.Map;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.ListenerContainerFactory;
import io.github.redismessaging.listener.ListenerEndpoint;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.support.ListenerThreads;
import io.github.redismessaging.metrics.MessagingMetrics;

/**
 * Creates the containers of {@code @RedisSubscriber} listeners. Settings beyond the annotation's attributes
 * (through {@code redis.messaging.pubsub.defaults.*} or {@code redis.messaging.listeners.<id>.*}):
 * {@code bufferSize}, {@code shutdownTimeout}, {@code topologyRefreshInterval}, {@code subscribeTimeout}.
 */
public final class PubSubContainerFactory implements ListenerContainerFactory {

	private final RedisConnections connections;

	private final MessagingMetrics metrics;

	private final ListenerThreads threads;

	/**
	 * Creates the factory, on platform threads.
	 * @param connections where subscriptions connect to
	 * @param metrics where listeners record their meters
	 */
	public PubSubContainerFactory(RedisConnections connections, MessagingMetrics metrics) {
		this(connections, metrics, ListenerThreads.platform());
	}

	/**
	 * Creates the factory.
	 * @param connections where subscriptions connect to
	 * @param metrics where listeners record their meters
	 * @param threads where the containers' threads come from
	 */
	public PubSubContainerFactory(RedisConnections connections, MessagingMetrics metrics, ListenerThreads threads) {
		this.connections = connections;
		this.metrics = metrics;
		this.threads = threads;
	}

	@Override
	public ListenerKind kind() {
		return ListenerKind.PUBSUB;
	}

	@Override
	public Map<String, String> defaultAttributes() {
		return PubSubSettings.DEFAULTS;
	}

	@Override
	public MessageListenerContainer createContainer(ListenerEndpoint endpoint, ListenerInvoker invoker) {
		PubSubSettings settings = PubSubSettings.from(endpoint.attributes());
		Class<?> returned = endpoint.method().getReturnType();
		if (settings.dispatch() == Dispatch.EVENT_LOOP && returned != void.class) {
			throw endpoint.attributes().invalid("dispatch", "EVENT_LOOP needs a method that returns void, but it "
					+ "returns " + returned.getName() + ": waiting for a result would block the event loop; "
					+ "return void or set dispatch to WORKERS");
		}
		String id = endpoint.id();
		Dispatcher dispatcher = new Dispatcher(id, settings, invoker, this.metrics.listener(ListenerKind.PUBSUB, id),
				this.metrics.observations());
		return new PubSubListenerContainer(id, settings, this.threads, dispatcher, (sink, lost) -> {
			AbstractRedisClient client = this.connections.client();
			if (client instanceof RedisClusterClient cluster) {
				return new ClusterSubscription(cluster, settings, sink, id, this.threads);
			}
			return new StandaloneSubscription(this.connections, settings, sink, id, lost);
		});
	}

}

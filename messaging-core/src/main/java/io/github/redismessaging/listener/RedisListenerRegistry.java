package io.github.redismessaging.listener;

import java.util.Collection;
import java.util.Optional;

import org.springframework.context.SmartLifecycle;

/**
 * Holds every listener container by id, and starts and stops them with the application context: after the
 * Redis connection factory on start, before it on stop.
 */
public interface RedisListenerRegistry extends SmartLifecycle {

	/**
	 * Lifecycle phase of the registry: late, so that the connection factory is running before containers start
	 * and still running while they stop.
	 */
	int PHASE = Integer.MAX_VALUE - 100;

	/**
	 * Adds a container; it is started with the registry if its {@code autoStartup} is set, or at once if the
	 * registry is already running.
	 * @param container the container
	 * @throws ListenerConfigurationException if another container has the same id
	 */
	void register(MessageListenerContainer container);

	/**
	 * Every container.
	 * @return the containers in registration order
	 */
	Collection<MessageListenerContainer> containers();

	/**
	 * A container by listener id.
	 * @param id the listener id
	 * @return the container, if any
	 */
	Optional<MessageListenerContainer> container(String id);

	/**
	 * Creates an empty registry.
	 * @return the registry
	 */
	static RedisListenerRegistry create() {
		return new DefaultRedisListenerRegistry();
	}

}

package io.github.redismessaging.listener;

import org.springframework.context.SmartLifecycle;

/**
 * Runs one listener: fetches or receives messages from Redis and hands them to the listener method.
 * Containers are started and stopped by the {@link RedisListenerRegistry}, never as beans of their own.
 */
public interface MessageListenerContainer extends SmartLifecycle {

	/**
	 * The listener id.
	 * @return the id
	 */
	String id();

	/**
	 * The listener kind.
	 * @return the kind
	 */
	ListenerKind kind();

	/**
	 * What the container reads from, for humans: channels and patterns, a stream and group, or queues.
	 * @return the destination description
	 */
	String destination();

}

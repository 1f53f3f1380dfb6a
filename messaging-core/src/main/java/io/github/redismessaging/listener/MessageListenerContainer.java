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

	/**
	 * Stops taking new messages while staying started; messages in hand are finished. Nothing is lost or
	 * duplicated by a pause: stream entries and queue items simply stay in Redis. A paused pub/sub listener is
	 * unsubscribed, so messages published meanwhile do not reach it.
	 */
	void pause();

	/**
	 * Takes messages again after {@link #pause()}.
	 */
	void resume();

	/**
	 * Whether the container is paused.
	 * @return {@code true} between {@link #pause()} and {@link #resume()}
	 */
	boolean isPaused();

	/**
	 * A snapshot for health and operations.
	 * @return the status
	 */
	ListenerStatus status();

}

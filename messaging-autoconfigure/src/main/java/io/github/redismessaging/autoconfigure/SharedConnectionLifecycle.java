package io.github.redismessaging.autoconfigure;

import org.springframework.context.SmartLifecycle;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.RedisListenerRegistry;

/**
 * Closes the starter's connections once the listeners have stopped and before Spring's connection factory shuts
 * the Lettuce client down, so that the client never finds connections of ours to close a second time.
 */
final class SharedConnectionLifecycle implements SmartLifecycle {

	private final RedisConnections connections;

	private volatile boolean running;

	SharedConnectionLifecycle(RedisConnections connections) {
		this.connections = connections;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.connections.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Just below the listener registry: started before it, stopped after it.
	 */
	@Override
	public int getPhase() {
		return RedisListenerRegistry.PHASE - 1;
	}

}

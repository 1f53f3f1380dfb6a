package io.github.redismessaging.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

final class DefaultRedisListenerRegistry implements RedisListenerRegistry {

	private final Map<String, MessageListenerContainer> containers = new LinkedHashMap<>();

	private volatile boolean running;

	@Override
	public synchronized void register(MessageListenerContainer container) {
		if (this.containers.putIfAbsent(container.id(), container) != null) {
			throw new ListenerConfigurationException("Duplicate listener id '" + container.id()
					+ "': listener ids must be unique; set a distinct 'id' attribute on one of the annotations");
		}
		if (this.running && container.isAutoStartup()) {
			container.start();
		}
	}

	@Override
	public synchronized Collection<MessageListenerContainer> containers() {
		return List.copyOf(this.containers.values());
	}

	@Override
	public synchronized Optional<MessageListenerContainer> container(String id) {
		return Optional.ofNullable(this.containers.get(id));
	}

	@Override
	public void start() {
		for (MessageListenerContainer container : containers()) {
			if (container.isAutoStartup()) {
				container.start();
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		containers().forEach(MessageListenerContainer::stop);
	}

	/**
	 * Stops the containers in parallel, so that graceful shutdown costs the longest drain, not their sum.
	 */
	@Override
	public void stop(Runnable callback) {
		this.running = false;
		List<MessageListenerContainer> running = new ArrayList<>();
		for (MessageListenerContainer container : containers()) {
			if (container.isRunning()) {
				running.add(container);
			}
		}
		if (running.isEmpty()) {
			callback.run();
			return;
		}
		AtomicInteger remaining = new AtomicInteger(running.size());
		for (MessageListenerContainer container : running) {
			container.stop(() -> {
				if (remaining.decrementAndGet() == 0) {
					callback.run();
				}
			});
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}

package io.github.redismessaging.benchmarks;

import io.github.redismessaging.listener.MessageListenerContainer;

/**
 * A starter listener as a contender. It is resumed for its run and paused afterwards; a paused stream or queue
 * listener takes nothing from Redis, so the backlog of a run is produced before the clock starts. The subscriber is
 * never paused (pausing unsubscribes it): its channel is simply silent outside its turn.
 */
public final class StarterContender implements Contender {

	private final String name;

	private final String listenerId;

	private final String key;

	private final Redis redis;

	private final StarterContext starter;

	/**
	 * Creates the contender.
	 * @param name table name
	 * @param listenerId the listener's id in {@link StarterListeners}
	 * @param key its stream, queue or channel
	 * @param redis the server
	 * @param starter the running context
	 */
	public StarterContender(String name, String listenerId, String key, Redis redis, StarterContext starter) {
		this.name = name;
		this.listenerId = listenerId;
		this.key = key;
		this.redis = redis;
		this.starter = starter;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String key() {
		return this.key;
	}

	@Override
	public void prepare() {
		// The group of a stream listener must survive between runs: trim the entries instead of deleting the key.
		if ("stream".equals(this.redis.admin().sync().type(this.key))) {
			this.redis.admin().sync().xtrim(this.key, 0);
		}
		else {
			this.redis.admin().sync().del(this.key);
		}
	}

	@Override
	public void start(Tally tally) {
		this.starter.board().begin(this.listenerId, tally);
		MessageListenerContainer container = this.starter.container(this.listenerId);
		if (container.isPaused()) {
			container.resume();
		}
	}

	@Override
	public void stop() {
		MessageListenerContainer container = this.starter.container(this.listenerId);
		if (!"pubsub".equals(this.listenerId)) {
			container.pause();
		}
		this.starter.board().end(this.listenerId);
	}

	@Override
	public void close() {
		// the context is closed by the harness
	}

}

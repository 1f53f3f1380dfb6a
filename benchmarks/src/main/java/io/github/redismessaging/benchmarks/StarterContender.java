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

	/**
	 * Empties the key. A stream keeps its group: its entries are trimmed. A queue starts from nothing: the list and
	 * every companion the listener keeps (leases, their sequence, expiry counts, delayed items, dead letters) are
	 * deleted. That is safe because the listener is paused and finished its last leases long before (at most one
	 * flush interval after the run, and other contenders ran in between), so no finish can arrive for a lease id
	 * the restarted sequence hands out again.
	 */
	@Override
	public void prepare() {
		if (this.listenerId.startsWith("queue-")) {
			this.redis.admin().sync().del(this.starter.queueKeys(this.key));
		}
		else if ("stream".equals(this.redis.admin().sync().type(this.key))) {
			// The group of a stream listener must survive between runs: trim the entries instead of deleting it.
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
		if (!this.listenerId.startsWith("pubsub")) {
			container.pause();
		}
		this.starter.board().end(this.listenerId);
	}

	@Override
	public void close() {
		// the context is closed by the harness
	}

}

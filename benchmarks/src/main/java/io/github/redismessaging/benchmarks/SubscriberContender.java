package io.github.redismessaging.benchmarks;

import java.time.Duration;
import java.util.Map;

/**
 * Base of the pub/sub contenders: they subscribe once, when created, and record into the tally of the current run.
 * Outside its turn a contender's channel is silent.
 */
public class SubscriberContender implements Contender {

	private final String name;

	private final String channel;

	private final Redis redis;

	private volatile Tally tally;

	/**
	 * Creates the contender.
	 * @param name table name
	 * @param channel the channel it is subscribed to
	 * @param redis the server
	 */
	public SubscriberContender(String name, String channel, Redis redis) {
		this.name = name;
		this.channel = channel;
		this.redis = redis;
	}

	/**
	 * Records a message, if a run is on.
	 * @param text the message
	 */
	public void received(String text) {
		Tally current = this.tally;
		if (current != null) {
			current.record(text);
		}
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String key() {
		return this.channel;
	}

	/** Makes sure the subscription is in place before anything is published (subscribing is asynchronous). */
	@Override
	public void prepare() {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (subscribers() < 1) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(this.name + " did not subscribe to " + this.channel);
			}
			java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
		}
	}

	private long subscribers() {
		Map<String, Long> counts = this.redis.admin().sync().pubsubNumsub(this.channel);
		return counts.getOrDefault(this.channel, 0L);
	}

	@Override
	public void start(Tally tally) {
		this.tally = tally;
	}

	@Override
	public void stop() {
		this.tally = null;
	}

	@Override
	public void close() {
	}

}

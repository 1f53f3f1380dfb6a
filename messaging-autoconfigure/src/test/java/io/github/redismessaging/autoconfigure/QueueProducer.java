package io.github.redismessaging.autoconfigure;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Pushes {@code seq-<n>} items in a background thread until stopped, retrying an item until Redis acknowledges
 * it, and remembers which items Redis acknowledged.
 */
final class QueueProducer implements AutoCloseable {

	private static final long PACE_NANOS = 500_000;

	private final RawRedis redis;

	private final String queue;

	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread thread;

	QueueProducer(RawRedis redis, String queue) {
		this.redis = redis;
		this.queue = queue;
		this.thread = new Thread(this::produce, "test-queue-producer");
		this.thread.start();
	}

	private void produce() {
		for (int seq = 0; this.running.get(); seq++) {
			String payload = "seq-" + seq;
			boolean written = false;
			while (!written && this.running.get()) {
				try {
					this.redis.commands().lpush(this.queue, payload);
					this.acknowledged.add(payload);
					written = true;
					LockSupport.parkNanos(PACE_NANOS);
				}
				catch (RuntimeException ex) {
					// not acknowledged: write the same item again
				}
			}
		}
	}

	Set<String> acknowledged() {
		return Set.copyOf(this.acknowledged);
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.thread.join();
	}

}

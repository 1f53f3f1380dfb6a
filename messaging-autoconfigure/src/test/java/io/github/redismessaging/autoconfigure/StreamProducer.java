package io.github.redismessaging.autoconfigure;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends {@code seq-<n>} entries in a background thread until stopped, retrying an entry until Redis
 * acknowledges it, and remembers which entries Redis acknowledged.
 */
final class StreamProducer implements AutoCloseable {

	/** Keeps the rate near 2,000 entries per second, which the listener outpaces on a 2-core machine. */
	private static final long PACE_NANOS = 500_000;

	private final RawRedis redis;

	private final String stream;

	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread thread;

	StreamProducer(RawRedis redis, String stream) {
		this.redis = redis;
		this.stream = stream;
		this.thread = new Thread(this::produce, "test-producer");
		this.thread.start();
	}

	private void produce() {
		for (int seq = 0; this.running.get(); seq++) {
			String payload = "seq-" + seq;
			boolean written = false;
			while (!written && this.running.get()) {
				try {
					this.redis.add(this.stream, payload);
					this.acknowledged.add(payload);
					written = true;
					LockSupport.parkNanos(PACE_NANOS);
				}
				catch (RuntimeException ex) {
					this.failures.incrementAndGet();
				}
			}
		}
	}

	Set<String> acknowledged() {
		return Set.copyOf(this.acknowledged);
	}

	int failures() {
		return this.failures.get();
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.thread.join();
	}

}

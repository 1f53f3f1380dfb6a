package io.github.redismessaging.autoconfigure;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Writes {@code seq-<n>} payloads in a background thread until stopped, retrying a payload until Redis
 * acknowledges it, and remembers which payloads Redis acknowledged.
 */
final class TestProducer implements AutoCloseable {

	/** Keeps the rate near 2,000 entries per second, which the listener outpaces on a 2-core machine. */
	private static final long PACE_NANOS = 500_000;

	private final Consumer<String> writer;

	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread thread;

	TestProducer(Consumer<String> writer) {
		this.writer = writer;
		this.thread = new Thread(this::produce, "test-producer");
		this.thread.start();
	}

	private void produce() {
		for (int seq = 0; this.running.get(); seq++) {
			String payload = "seq-" + seq;
			boolean written = false;
			while (!written && this.running.get()) {
				try {
					this.writer.accept(payload);
					this.acknowledged.add(payload);
					written = true;
					LockSupport.parkNanos(PACE_NANOS);
				}
				catch (RuntimeException ex) {
					// not acknowledged: write the same payload again
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

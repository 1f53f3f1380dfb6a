package io.github.redismessaging.pubsub;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * The bounded buffer between the event loops that receive a worker's messages and that worker. Adding never
 * blocks and takes no lock: a full buffer refuses the message. The worker takes what is buffered in one go, and
 * only a worker that parked is woken, so a burst costs one wake-up, not one per message. (Spinning briefly before
 * parking was measured and made no difference on two cores.)
 *
 * @param <T> the type of the messages
 */
final class WorkerBuffer<T> {

	private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final int capacity;

	/** The worker while it is parked or about to park, else {@code null}. */
	private volatile @Nullable Thread parked;

	WorkerBuffer(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Adds a message unless the buffer is full; never blocks.
	 * @param message the message
	 * @return whether it was added
	 */
	boolean offer(T message) {
		if (this.size.incrementAndGet() > this.capacity) {
			this.size.decrementAndGet();
			return false;
		}
		this.queue.offer(message);
		Thread waiting = this.parked;
		if (waiting != null) {
			LockSupport.unpark(waiting);
		}
		return true;
	}

	/**
	 * Moves up to {@code max} buffered messages into {@code into}, waiting up to the timeout for the first.
	 * @param into where the messages go
	 * @param max the most messages to take
	 * @param timeoutNanos how long to wait for a first message
	 * @throws InterruptedException if interrupted while waiting
	 */
	void drainTo(List<T> into, int max, long timeoutNanos) throws InterruptedException {
		if (drainNow(into, max)) {
			return;
		}
		long deadline = System.nanoTime() + timeoutNanos;
		while (this.queue.peek() == null) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return;
			}
			this.parked = Thread.currentThread();
			try {
				// Checked again once visible as parked: a message added before that finds nobody to wake.
				if (this.queue.peek() == null) {
					LockSupport.parkNanos(this, left);
				}
			}
			finally {
				this.parked = null;
			}
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
		}
		drainNow(into, max);
	}

	/** Moves what is buffered, up to {@code max}, and returns whether anything was. */
	private boolean drainNow(List<T> into, int max) {
		int taken = 0;
		T message;
		while (taken < max && (message = this.queue.poll()) != null) {
			into.add(message);
			taken++;
		}
		if (taken > 0) {
			this.size.addAndGet(-taken);
		}
		return taken > 0;
	}

	/** @return how many messages are buffered */
	int size() {
		return this.size.get();
	}

	/** @return whether nothing is buffered */
	boolean isEmpty() {
		return this.size.get() == 0;
	}

	/** Forgets what is buffered. */
	void clear() {
		int cleared = 0;
		while (this.queue.poll() != null) {
			cleared++;
		}
		this.size.addAndGet(-cleared);
	}

}

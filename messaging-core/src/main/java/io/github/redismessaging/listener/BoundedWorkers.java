package io.github.redismessaging.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A listener's worker threads behind one bounded hand-off. Whoever fetches from Redis first reserves room in the
 * hand-off, waiting while there is none, so memory is bounded by the hand-off's capacity, not by the backlog in
 * Redis. The capacity is two batches: the workers drain one while the next is read ahead, so reads, dispatch and
 * processing overlap and every read can ask for a full batch.
 *
 * @param <T> the type of the items handed to the workers
 */
public final class BoundedWorkers<T> {

	private static final Log logger = LogFactory.getLog(BoundedWorkers.class);

	private static final long POLL_MILLIS = 100;

	private final String threadPrefix;

	private final String listenerId;

	private final int concurrency;

	private final int capacity;

	private final BlockingQueue<T> handoff;

	/** Free places in the hand-off, reserved before a read and returned when a worker takes an item. */
	private final Semaphore room = new Semaphore(0);

	private final Consumer<T> processor;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	/** Set when the shutdown timeout has passed: workers then take nothing more from the hand-off. */
	private volatile boolean abandoned;

	/**
	 * Creates the workers, not started.
	 * @param threadPrefix prefix of the worker threads' names
	 * @param listenerId the listener id, for messages
	 * @param concurrency the number of worker threads
	 * @param batchSize the most items one read brings; the hand-off holds two batches (and at least one more item
	 * than there are workers beyond a batch)
	 * @param processor handles one item; must not throw
	 */
	public BoundedWorkers(String threadPrefix, String listenerId, int concurrency, int batchSize,
			Consumer<T> processor) {
		this.threadPrefix = threadPrefix;
		this.listenerId = listenerId;
		this.concurrency = concurrency;
		this.capacity = Math.max(2 * batchSize, batchSize + concurrency);
		this.handoff = new ArrayBlockingQueue<>(this.capacity);
		this.processor = processor;
	}

	/**
	 * Starts the worker threads.
	 */
	public synchronized void start() {
		this.running = true;
		this.abandoned = false;
		this.room.drainPermits();
		this.room.release(this.capacity);
		for (int i = 0; i < this.concurrency; i++) {
			Thread thread = new Thread(this::work, this.threadPrefix + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	/**
	 * Waits until the hand-off has room for {@code wanted} items, up to the timeout, and reserves it. The caller
	 * must then call {@link #handOver} with what it read, which returns the room it did not use.
	 * @param wanted how many places to reserve
	 * @param timeout how long to wait at most
	 * @return {@code wanted}, or 0 if the room did not come free in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public int reserve(int wanted, Duration timeout) throws InterruptedException {
		return this.room.tryAcquire(wanted, timeout.toNanos(), TimeUnit.NANOSECONDS) ? wanted : 0;
	}

	/**
	 * Reserves what room there is now, up to {@code max}, without waiting.
	 * @param max the most places to reserve
	 * @return how many places were reserved, possibly none
	 */
	public int reserveAvailable(int max) {
		while (true) {
			int available = this.room.availablePermits();
			int wanted = Math.min(max, available);
			if (wanted <= 0) {
				return 0;
			}
			if (this.room.tryAcquire(wanted)) {
				return wanted;
			}
		}
	}

	/**
	 * Hands items to the workers in place of a reservation, and returns the room they did not use.
	 * @param items the items, no more than were reserved
	 * @param reserved the places reserved for them
	 */
	public void handOver(List<T> items, int reserved) {
		if (items.size() > reserved) {
			throw new IllegalArgumentException(items.size() + " items handed over for " + reserved + " places");
		}
		this.handoff.addAll(items);
		this.room.release(reserved - items.size());
	}

	/**
	 * Returns reserved room that will not be used.
	 * @param reserved the places to return
	 */
	public void release(int reserved) {
		this.room.release(reserved);
	}

	private void work() {
		while ((this.running || !this.handoff.isEmpty()) && !this.abandoned) {
			T item;
			try {
				item = this.handoff.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (item != null) {
				this.room.release();
				this.processor.accept(item);
			}
		}
	}

	/**
	 * Lets the workers finish the items in hand and those already handed off, up to the timeout, then interrupts
	 * them. Items left over are dropped from memory only: the caller must have left them recoverable in Redis.
	 * @param timeout how long to wait for the workers
	 * @return how many handed-off items were not processed
	 */
	public synchronized int stop(Duration timeout) {
		this.running = false;
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Thread thread : this.threads) {
			try {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.abandoned = true;
		int left = this.handoff.size();
		this.handoff.clear();
		this.threads.forEach(Thread::interrupt);
		if (left > 0) {
			logger.warn("Listener '" + this.listenerId + "' stopped with " + left + " fetched messages not handled "
					+ "within the shutdown timeout of " + timeout + "; they stay in Redis and will be redelivered");
		}
		this.threads.clear();
		return left;
	}

}

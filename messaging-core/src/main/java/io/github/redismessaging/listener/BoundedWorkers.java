package io.github.redismessaging.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A listener's worker threads behind one bounded hand-off. Whoever fetches from Redis blocks when it is full,
 * so memory is bounded by the hand-off's capacity, not by the backlog in Redis.
 *
 * @param <T> the type of the items handed to the workers
 */
public final class BoundedWorkers<T> {

	private static final Log logger = LogFactory.getLog(BoundedWorkers.class);

	private static final long POLL_MILLIS = 100;

	private final String threadPrefix;

	private final String listenerId;

	private final int concurrency;

	private final BlockingQueue<T> handoff;

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
	 * @param capacity the hand-off's capacity
	 * @param processor handles one item; must not throw
	 */
	public BoundedWorkers(String threadPrefix, String listenerId, int concurrency, int capacity,
			Consumer<T> processor) {
		this.threadPrefix = threadPrefix;
		this.listenerId = listenerId;
		this.concurrency = concurrency;
		this.handoff = new ArrayBlockingQueue<>(Math.max(capacity, concurrency));
		this.processor = processor;
	}

	/**
	 * Starts the worker threads.
	 */
	public synchronized void start() {
		this.running = true;
		this.abandoned = false;
		for (int i = 0; i < this.concurrency; i++) {
			Thread thread = new Thread(this::work, this.threadPrefix + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	/**
	 * The room left in the hand-off.
	 * @return how many more items fit
	 */
	public int freeCapacity() {
		return this.handoff.remainingCapacity();
	}

	/**
	 * Waits until the hand-off has room, up to the timeout.
	 * @param timeout how long to wait at most
	 * @return the room available
	 * @throws InterruptedException if interrupted while waiting
	 */
	public int awaitCapacity(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.handoff.remainingCapacity() == 0 && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(1);
		}
		return this.handoff.remainingCapacity();
	}

	/**
	 * Hands an item to the workers, waiting while the hand-off is full.
	 * @param item the item
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void put(T item) throws InterruptedException {
		this.handoff.put(item);
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

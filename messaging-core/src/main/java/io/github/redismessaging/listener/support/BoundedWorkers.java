package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A listener's worker threads behind one bounded hand-off. Whoever fetches from Redis first reserves room, waiting
 * while there is none; a place is free again once a worker has processed its item. Memory is therefore bounded by
 * the capacity, not by the backlog in Redis. The capacity is two batches: the workers work through one while the
 * next is read ahead, so reads, dispatch and processing overlap and every read can ask for a full batch.
 * <p>
 * Everything happens under one lock, taken once per batch where it can be: a batch is handed over at once; a
 * single worker takes everything queued and gives its places back when it comes for more; the fetching thread is
 * woken only when the room it waits for is free. Several workers take one item at a time, so that no worker sits
 * on items while another is idle. For a batch listener ({@link #batched}) every worker takes up to a batch of what is
 * queued and hands it to the listener in one call.
 * <p>
 * Key-ordered workers ({@link #keyOrdered}) keep the same hand-off and capacity, but queue the items per key
 * ({@link KeyOrderedQueue}): a worker takes one item of a key that no other worker holds, so the items of one key run
 * one at a time and in order, while different keys run in parallel. A key's queued items keep their places: when
 * the hand-off is full of items of keys held by busy workers, the other workers wait for them.
 *
 * @param <T> the type of the items handed to the workers
 */
public final class BoundedWorkers<T> {

	private static final Log logger = LogFactory.getLog(BoundedWorkers.class);

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final String threadPrefix;

	private final String listenerId;

	private final int concurrency;

	private final int capacity;

	private final int batchSize;

	private final Consumer<List<T>> processor;

	private final boolean batched;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Condition roomFreed = this.lock.newCondition();

	private final ArrayDeque<T> queued;

	/** Takes the place of {@link #queued} for key-ordered workers. Guarded by the lock. */
	private final @Nullable KeyOrderedQueue<T> keyed;

	/** Free places, reserved before a read and given back when an item has been processed. Guarded by the lock. */
	private int free;

	/** How much room a reserving thread waits for, 0 when none waits. Guarded by the lock. */
	private int awaitedRoom;

	private final List<ListenerThreads.Running> threads = new ArrayList<>();

	/** The current run, from start to stop; a worker left over from an earlier run sees that it has ended. */
	private volatile Run run = new Run();

	/**
	 * Creates the workers, not started.
	 * @param threadPrefix prefix of the worker threads' names
	 * @param listenerId the listener id, for messages
	 * @param concurrency the number of worker threads
	 * @param batchSize the most items one read brings; the hand-off holds two batches (and at least one more item
	 * than there are workers beyond a batch)
	 * @param processor handles one item; whatever it throws is logged and the worker goes on
	 */
	public BoundedWorkers(String threadPrefix, String listenerId, int concurrency, int batchSize,
			Consumer<T> processor) {
		this(threadPrefix, listenerId, concurrency, batchSize, (items) -> items.forEach(processor), false, null);
	}

	private BoundedWorkers(String threadPrefix, String listenerId, int concurrency, int batchSize,
			Consumer<List<T>> processor, boolean batched, @Nullable KeyOrderedQueue<T> keyed) {
		this.threadPrefix = threadPrefix;
		this.listenerId = listenerId;
		this.concurrency = concurrency;
		this.batchSize = batchSize;
		this.capacity = Math.max(2 * batchSize, batchSize + concurrency);
		this.queued = new ArrayDeque<>((keyed != null) ? 0 : this.capacity);
		this.keyed = keyed;
		this.processor = processor;
		this.batched = batched;
	}

	/**
	 * Creates the workers of a batch listener, not started: each worker takes up to {@code batchSize} queued items
	 * and hands them to the processor in one call.
	 * @param <T> the type of the items
	 * @param threadPrefix prefix of the worker threads' names
	 * @param listenerId the listener id, for messages
	 * @param concurrency the number of worker threads
	 * @param batchSize the most items one read brings and one call gets
	 * @param processor handles a batch; whatever it throws is logged and the worker goes on
	 * @return the workers
	 */
	public static <T> BoundedWorkers<T> batched(String threadPrefix, String listenerId, int concurrency,
			int batchSize, Consumer<List<T>> processor) {
		return new BoundedWorkers<>(threadPrefix, listenerId, concurrency, batchSize, processor, true, null);
	}

	/**
	 * Creates key-ordered workers, not started: items with the same key are processed one at a time, in the order
	 * they were handed over, and items of different keys (or without a key) by up to {@code concurrency} workers at
	 * once. A key is held from when a worker takes its item until the processor returns, so a processor that retries
	 * an item holds back the later items of its key, and those alone.
	 * @param <T> the type of the items
	 * @param threadPrefix prefix of the worker threads' names
	 * @param listenerId the listener id, for messages
	 * @param concurrency the number of worker threads
	 * @param batchSize the most items one read brings; the hand-off holds as many items as unordered workers'
	 * @param processor handles one item; whatever it throws is logged and the worker goes on
	 * @param keyOf the key of an item (compared with {@code equals}), or {@code null} for an item in no order
	 * @return the workers
	 */
	public static <T> BoundedWorkers<T> keyOrdered(String threadPrefix, String listenerId, int concurrency,
			int batchSize, Consumer<T> processor, Function<T, @Nullable Object> keyOf) {
		return new BoundedWorkers<>(threadPrefix, listenerId, concurrency, batchSize,
				(items) -> items.forEach(processor), false, new KeyOrderedQueue<>(keyOf));
	}

	/**
	 * Starts the worker threads, named with the prefix and their number.
	 * @param threads where the threads come from
	 */
	public synchronized void start(ListenerThreads threads) {
		Run started = new Run();
		this.run = started;
		this.lock.lock();
		try {
			clearQueued();
			this.free = this.capacity;
		}
		finally {
			this.lock.unlock();
		}
		for (int i = 0; i < this.concurrency; i++) {
			this.threads.add(threads.start(this.threadPrefix + i, () -> work(started)));
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
		long nanos = timeout.toNanos();
		this.lock.lockInterruptibly();
		try {
			while (this.free < wanted) {
				if (nanos <= 0) {
					return 0;
				}
				this.awaitedRoom = wanted;
				try {
					nanos = this.roomFreed.awaitNanos(nanos);
				}
				finally {
					this.awaitedRoom = 0;
				}
			}
			this.free -= wanted;
			return wanted;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Reserves what room there is now, up to {@code max}, without waiting.
	 * @param max the most places to reserve
	 * @return how many places were reserved, possibly none
	 */
	public int reserveAvailable(int max) {
		this.lock.lock();
		try {
			int reserved = Math.max(0, Math.min(max, this.free));
			this.free -= reserved;
			return reserved;
		}
		finally {
			this.lock.unlock();
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
		this.run.unfinished.addAndGet(items.size());
		this.lock.lock();
		try {
			if (!items.isEmpty()) {
				if (this.keyed != null) {
					items.forEach(this.keyed::add);
				}
				else {
					this.queued.addAll(items);
				}
				this.notEmpty.signal();
			}
			giveBack(reserved - items.size());
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns reserved room that will not be used.
	 * @param reserved the places to return
	 */
	public void release(int reserved) {
		this.lock.lock();
		try {
			giveBack(reserved);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Called with the lock held. */
	private void giveBack(int places) {
		this.free += places;
		if (this.awaitedRoom > 0 && this.free >= this.awaitedRoom) {
			this.roomFreed.signal();
		}
	}

	private void work(Run current) {
		List<T> taken = new ArrayList<>();
		int processed = 0;
		try {
			while (take(current, taken, processed)) {
				processed = 0;
				if (this.batched) {
					processed = process(current, taken);
				}
				else {
					for (T item : taken) {
						processed += process(current, List.of(item));
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Hands items to the processor in one call, unless the run was abandoned.
	 * @return how many items were handled
	 */
	private int process(Run current, List<T> items) {
		if (current.abandoned) {
			return 0;
		}
		try {
			this.processor.accept(items);
		}
		catch (Throwable ex) {
			// The processor handles listener failures itself; this is a bug around it (a meter registry, a class
			// that fails to load, say). The worker must survive it, or its places would never come back and the
			// listener would stall: the items stay in Redis for redelivery.
			logger.error("Listener '" + this.listenerId + "' could not finish handling " + items.size()
					+ " item(s); they stay in Redis and will be delivered again", ex);
		}
		finally {
			current.unfinished.addAndGet(-items.size());
		}
		return items.size();
	}

	/**
	 * Gives back the places of the items processed since the last call (and their keys), then waits for items and
	 * takes them: everything queued for a single worker, one item for several or for key-ordered workers, up to a
	 * batch for a batch listener.
	 * @param into the items taken last time, replaced by those taken now
	 * @return false once the workers of this run are to end
	 */
	private boolean take(Run current, List<T> into, int processed) throws InterruptedException {
		this.lock.lock();
		try {
			if (current.abandoned) {
				return false;
			}
			giveBack(processed);
			if (this.keyed != null) {
				into.forEach(this.keyed::done);
			}
			into.clear();
			while (!hasQueued()) {
				if (!current.running || current.abandoned) {
					return false;
				}
				this.notEmpty.awaitNanos(POLL_NANOS);
			}
			if (current.abandoned) {
				return false;
			}
			if (this.keyed != null) {
				into.add(this.keyed.take());
			}
			else {
				int count = this.batched ? Math.min(this.batchSize, this.queued.size())
						: (this.concurrency == 1) ? this.queued.size() : 1;
				for (int i = 0; i < count; i++) {
					into.add(this.queued.poll());
				}
			}
			if (hasQueued()) {
				// one signal per hand-over: pass it on to the next idle worker
				this.notEmpty.signal();
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Lets the workers finish the items in hand and those already handed off, up to the timeout, then interrupts
	 * them. Items left over are dropped from memory only: the caller must have left them recoverable in Redis.
	 * @param timeout how long to wait for the workers
	 * @return how many handed-off items were not processed
	 */
	public synchronized int stop(Duration timeout) {
		Run stopping = this.run;
		stopping.running = false;
		signalWorkers();
		long deadline = System.nanoTime() + timeout.toNanos();
		for (ListenerThreads.Running thread : this.threads) {
			try {
				thread.join(Duration.ofNanos(deadline - System.nanoTime()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		int left;
		this.lock.lock();
		try {
			stopping.abandoned = true;
			left = stopping.unfinished.get();
			clearQueued();
		}
		finally {
			this.lock.unlock();
		}
		this.threads.forEach(ListenerThreads.Running::interrupt);
		if (left > 0) {
			logger.warn("Listener '" + this.listenerId + "' stopped with " + left + " fetched messages not handled "
					+ "within the shutdown timeout of " + timeout + "; they stay in Redis and will be redelivered");
		}
		this.threads.clear();
		return left;
	}

	/** Called with the lock held. */
	private boolean hasQueued() {
		return (this.keyed != null) ? this.keyed.hasReady() : !this.queued.isEmpty();
	}

	/** Called with the lock held. */
	private void clearQueued() {
		this.queued.clear();
		if (this.keyed != null) {
			this.keyed.clear();
		}
	}

	/**
	 * How many keys key-ordered workers hold queues for: those with items queued or in a worker's hands.
	 * @return the number of keys, 0 for workers that are not key-ordered
	 */
	int orderedKeys() {
		this.lock.lock();
		try {
			return (this.keyed != null) ? this.keyed.keys() : 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void signalWorkers() {
		this.lock.lock();
		try {
			this.notEmpty.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** One run of the workers, from start to stop. */
	private static final class Run {

		private volatile boolean running = true;

		/** Set when the shutdown timeout has passed: workers then take and process nothing more. */
		private volatile boolean abandoned;

		/** Items handed over and not yet processed: queued or in a worker's hands. */
		private final AtomicInteger unfinished = new AtomicInteger();

	}

}

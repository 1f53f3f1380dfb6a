package io.github.redismessaging.stream;

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
 * The listener's worker threads behind one bounded hand-off. The fetch loop and pending recovery block when it
 * is full, so memory is bounded by the batch size, not by the backlog in Redis.
 */
final class StreamWorkers {

	private static final Log logger = LogFactory.getLog(StreamWorkers.class);

	private static final long POLL_MILLIS = 100;

	private final String listenerId;

	private final int concurrency;

	private final BlockingQueue<StreamEntry> handoff;

	private final Consumer<StreamEntry> processor;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	StreamWorkers(String listenerId, StreamSettings settings, Consumer<StreamEntry> processor) {
		this.listenerId = listenerId;
		this.concurrency = settings.concurrency();
		this.handoff = new ArrayBlockingQueue<>(Math.max(settings.batchSize(), settings.concurrency()));
		this.processor = processor;
	}

	synchronized void start() {
		this.running = true;
		for (int i = 0; i < this.concurrency; i++) {
			Thread thread = new Thread(this::work, "redis-stream-" + this.listenerId + "-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	int freeCapacity() {
		return this.handoff.remainingCapacity();
	}

	/**
	 * Waits until the hand-off has room, up to the timeout.
	 * @return the room available
	 */
	int awaitCapacity(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.handoff.remainingCapacity() == 0 && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(1);
		}
		return this.handoff.remainingCapacity();
	}

	void put(StreamEntry entry) throws InterruptedException {
		this.handoff.put(entry);
	}

	private void work() {
		while (this.running || !this.handoff.isEmpty()) {
			StreamEntry entry;
			try {
				entry = this.handoff.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (entry != null) {
				this.processor.accept(entry);
			}
		}
	}

	/**
	 * Lets the workers finish the entries in hand and those already fetched, up to the timeout. Entries left over
	 * stay pending in Redis and are recovered later.
	 */
	synchronized void stop(Duration timeout) {
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
		this.threads.forEach(Thread::interrupt);
		int left = this.handoff.size();
		this.handoff.clear();
		if (left > 0) {
			logger.warn("Listener '" + this.listenerId + "' stopped with " + left + " fetched entries not handled "
					+ "within the shutdown timeout of " + timeout + "; they stay pending and will be redelivered");
		}
		this.threads.clear();
	}

}

package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Sends what workers have finished to Redis in batches (acknowledgments, ends of queue leases): one
 * command carries many items and is sent without waiting, when a batch is full or on the periodic
 * {@link #flush()}. A batch whose command fails is queued again, so a Redis outage delays completions but does
 * not drop them; until they are sent, the messages stay pending or leased, and at worst are
 * delivered again, which at-least-once allows.
 *
 * @param <T> what is completed: an entry id, a queue item
 */
public final class BatchedCompletions<T> {

	/** How often containers flush what has not filled a batch: the longest a completion waits to be sent. */
	public static final Duration FLUSH_INTERVAL = Duration.ofMillis(10);

	/** How long a stopping container waits for Redis to confirm the last batches. */
	public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(BatchedCompletions.class);

	private final String description;

	private final ThrottledLog throttled = new ThrottledLog(logger, Duration.ofSeconds(10));

	private final int batchSize;

	private final Function<List<T>, CompletionStage<?>> sender;

	private final Consumer<List<T>> onSent;

	private final Queue<T> queued = new ConcurrentLinkedQueue<>();

	private final AtomicInteger count = new AtomicInteger();

	private final Queue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();

	/**
	 * Creates the batcher.
	 * @param description what a batch does, for messages ("XACK on orders")
	 * @param batchSize the most items one command carries, and how many queued items trigger a send
	 * @param sender sends one batch without blocking
	 * @param onSent called with a batch once Redis has confirmed it
	 */
	public BatchedCompletions(String description, int batchSize, Function<List<T>, CompletionStage<?>> sender,
			Consumer<List<T>> onSent) {
		this.description = description;
		this.batchSize = batchSize;
		this.sender = sender;
		this.onSent = onSent;
	}

	/**
	 * Queues a completed item; sends a batch when one is full.
	 * @param item the item
	 */
	public void add(T item) {
		this.queued.add(item);
		if (this.count.incrementAndGet() >= this.batchSize) {
			flush();
		}
	}

	/**
	 * Sends what is queued now, in batches. A batch that fails while this runs is queued again for the next
	 * flush, not retried here: a connection that refuses every command must not keep a worker spinning.
	 */
	public void flush() {
		int left = this.count.get();
		while (left > 0) {
			List<T> batch = new ArrayList<>(Math.min(left, this.batchSize));
			T item;
			while (batch.size() < Math.min(left, this.batchSize) && (item = this.queued.poll()) != null) {
				batch.add(item);
			}
			if (batch.isEmpty()) {
				return;
			}
			left -= batch.size();
			this.count.addAndGet(-batch.size());
			send(batch);
		}
	}

	private void send(List<T> batch) {
		CompletableFuture<?> sent;
		try {
			sent = this.sender.apply(batch).toCompletableFuture();
		}
		catch (RuntimeException ex) {
			sent = CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<?> tracked = sent;
		this.inFlight.add(tracked);
		tracked.whenComplete((result, ex) -> {
			this.inFlight.remove(tracked);
			if (ex != null) {
				this.throttled.warn("failed", this.description + " of " + batch.size() + " items failed; they are queued "
						+ "again: " + ex);
				this.queued.addAll(batch);
				this.count.addAndGet(batch.size());
			}
			else {
				this.throttled.reset("failed");
				this.onSent.accept(batch);
			}
		});
	}

	/**
	 * Sends what is queued and waits for the replies, up to the timeout, before a container stops.
	 * @param timeout how long to wait at most
	 */
	public void flushAndWait(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		flush();
		for (CompletableFuture<?> sent : List.copyOf(this.inFlight)) {
			try {
				sent.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
						TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				logger.warn(this.description + " not confirmed before stopping; the messages stay in Redis and are "
						+ "delivered again: " + ex);
			}
		}
	}

}

package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.redismessaging.connection.RedisConnections;

/**
 * Batches acknowledgments: one XACK carries many ids, sent without waiting on the shared pipelined connection,
 * when a batch is full or on the periodic flush. Ids whose XACK fails are queued again, so a Redis outage delays
 * acknowledgments but does not drop them (until the process dies: then the entries are redelivered, which
 * at-least-once allows).
 */
final class Acker {

	private static final Log logger = LogFactory.getLog(Acker.class);

	private final RedisConnections connections;

	private final byte[] key;

	private final byte[] group;

	private final int batchSize;

	private final Queue<String> ids = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final Queue<CompletableFuture<Long>> inFlight = new ConcurrentLinkedQueue<>();

	Acker(RedisConnections connections, StreamSettings settings) {
		this.connections = connections;
		this.key = settings.key().getBytes(StandardCharsets.UTF_8);
		this.group = settings.group().getBytes(StandardCharsets.UTF_8);
		this.batchSize = settings.batchSize();
	}

	void ack(String id) {
		this.ids.add(id);
		if (this.queued.incrementAndGet() >= this.batchSize) {
			flush();
		}
	}

	void flush() {
		while (this.queued.get() > 0) {
			List<String> batch = new ArrayList<>(this.batchSize);
			String id;
			while (batch.size() < this.batchSize && (id = this.ids.poll()) != null) {
				batch.add(id);
			}
			if (batch.isEmpty()) {
				return;
			}
			this.queued.addAndGet(-batch.size());
			send(batch);
		}
	}

	private void send(List<String> batch) {
		CompletableFuture<Long> sent = xack(batch);
		this.inFlight.add(sent);
		sent.whenComplete((count, ex) -> {
			this.inFlight.remove(sent);
			if (ex != null) {
				logger.warn("XACK of " + batch.size() + " entries failed; they are queued again: " + ex);
				this.ids.addAll(batch);
				this.queued.addAndGet(batch.size());
			}
		});
	}

	private CompletableFuture<Long> xack(List<String> batch) {
		try {
			return this.connections.commands().xack(this.key, this.group, batch.toArray(String[]::new))
				.toCompletableFuture();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Sends what is queued and waits for the replies, up to the timeout, before a container stops.
	 */
	void flushAndWait(long timeoutMillis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		flush();
		for (CompletableFuture<Long> sent : List.copyOf(this.inFlight)) {
			try {
				sent.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				logger.warn("Acknowledgments not confirmed before stopping; the entries stay pending and are "
						+ "redelivered: " + ex);
			}
		}
	}

}

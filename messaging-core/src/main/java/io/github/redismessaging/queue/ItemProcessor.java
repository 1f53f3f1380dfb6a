package io.github.redismessaging.queue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.ScriptOutputType;

import io.github.redismessaging.codec.PayloadDecodingException;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.MessagingObservations;
import io.github.redismessaging.metrics.ListenerMetrics.Outcome;

/**
 * Handles one item on a worker thread: invokes the listener, then has the item removed from the processing list
 * (in batches, see {@link ProcessedItems}), schedules a retry through the delayed set after the backoff, or moves
 * it to the dead-letter list, each in one atomic step. In circular mode the item never leaves the list, so a
 * failure is only logged and counted.
 */
final class ItemProcessor implements Consumer<QueueItem> {

	private static final Log logger = LogFactory.getLog(ItemProcessor.class);

	private final String listenerId;

	private final QueueSettings settings;

	private final ListenerInvoker invoker;

	private final ListenerMetrics metrics;

	private final RedisConnections connections;

	private final MessagingObservations observations;

	private final InFlightItems inFlight;

	private final ProcessedItems processedItems;

	ItemProcessor(String listenerId, QueueSettings settings, ListenerInvoker invoker, ListenerMetrics metrics,
			RedisConnections connections, MessagingObservations observations, InFlightItems inFlight,
			ProcessedItems processedItems) {
		this.listenerId = listenerId;
		this.settings = settings;
		this.invoker = invoker;
		this.metrics = metrics;
		this.connections = connections;
		this.observations = observations;
		this.inFlight = inFlight;
		this.processedItems = processedItems;
	}

	@Override
	public void accept(QueueItem item) {
		boolean removalQueued = false;
		try {
			removalQueued = handle(item);
		}
		finally {
			if (!removalQueued) {
				this.inFlight.remove(item);
			}
		}
	}

	/**
	 * Handles the item.
	 * @return whether its removal from the processing list was queued (it stays held until that is confirmed)
	 */
	private boolean handle(QueueItem item) {
		long start = System.nanoTime();
		Outcome outcome;
		boolean removalQueued = false;
		try {
			Map<String, Object> headers = headers(item);
			this.observations.observeProcess("queue", this.listenerId, item.queue().key(), headers,
					() -> this.invoker.invoke(item.envelope().payload(), headers));
			outcome = Outcome.SUCCESS;
			if (this.settings.mode() == QueueMode.AT_LEAST_ONCE) {
				this.processedItems.succeeded(item);
				removalQueued = true;
			}
		}
		catch (PayloadDecodingException ex) {
			outcome = Outcome.DECODE_FAILURE;
			giveUp(item, "decode", ex);
		}
		catch (Throwable ex) {
			outcome = Outcome.FAILURE;
			failed(item, ex);
		}
		this.metrics.processed(item.queue().key(), outcome, System.nanoTime() - start);
		return removalQueued;
	}

	private void failed(QueueItem item, Throwable failure) {
		if (failure instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
			logger.info("Listener '" + this.listenerId + "' was interrupted by shutdown on item " + item.envelope().id()
					+ "; it is not counted as an attempt"
					+ ((this.settings.mode() == QueueMode.AT_LEAST_ONCE) ? " and stays in the processing list" : ""));
			return;
		}
		if (this.settings.mode() == QueueMode.CIRCULAR) {
			logger.error("Listener '" + this.listenerId + "' failed on item " + item.envelope().id()
					+ "; it stays in the circular list", failure);
			return;
		}
		QueueEnvelope retried = item.envelope().failedOnce();
		if (retried.attempts() >= this.settings.maxAttempts() && this.settings.deadLetter()) {
			giveUp(item, "max-attempts", failure);
			return;
		}
		long delay = this.settings.backoffMillis(retried.attempts());
		logger.warn("Listener '" + this.listenerId + "' failed on item " + retried.id() + " (attempt "
				+ retried.attempts() + " of " + this.settings.maxAttempts() + "); retrying in " + delay + " ms: "
				+ failure);
		QueueKeys queue = item.queue();
		byte[] processing = QueueKeys.bytes(removeFrom(queue));
		run(QueueScripts.RETRY, new byte[][] { processing, QueueKeys.bytes(queue.delayed()) }, item.raw(),
				retried.write(), Long.toString(System.currentTimeMillis() + delay).getBytes(), removeFlag());
		this.metrics.retried(queue.key());
	}

	private void giveUp(QueueItem item, String reason, Throwable failure) {
		if (this.settings.mode() == QueueMode.CIRCULAR) {
			logger.error("Listener '" + this.listenerId + "' cannot decode an item of the circular list "
					+ item.queue().key() + "; it stays in the list: " + failure.getMessage());
			return;
		}
		if (!this.settings.deadLetter()) {
			logger.error("Listener '" + this.listenerId + "' cannot handle item " + item.envelope().id()
					+ " and has no dead-letter list; it stays in the processing list until recovered: " + failure);
			return;
		}
		QueueKeys queue = item.queue();
		Map<String, String> headers = new HashMap<>(item.envelope().headers());
		headers.put("dlq.reason", reason);
		headers.put("dlq.exception", failure.getClass().getName() + ": " + failure.getMessage());
		headers.put("dlq.deliveries", Integer.toString(item.envelope().attempts() + 1));
		headers.put("dlq.listener", this.listenerId);
		headers.put("dlq.source-id", item.envelope().id());
		headers.put("dlq.at", Long.toString(System.currentTimeMillis()));
		QueueEnvelope deadLetter = new QueueEnvelope(item.envelope().id(), item.envelope().payload(),
				item.envelope().attempts() + 1, headers, item.envelope().enqueuedAt());
		run(QueueScripts.DEAD_LETTER,
				new byte[][] { QueueKeys.bytes(removeFrom(queue)), QueueKeys.bytes(queue.deadLetter()) }, item.raw(),
				deadLetter.write(), removeFlag());
		this.metrics.deadLettered(queue.key(), reason, 1);
		logger.warn("Listener '" + this.listenerId + "' dead-lettered item " + item.envelope().id() + " of "
				+ queue.key() + " (" + reason + "): " + failure.getMessage());
	}

	/**
	 * Where the item still is: the processing list at least once; at most once it has left Redis, and the
	 * script's first key only has to share the slot.
	 */
	private String removeFrom(QueueKeys queue) {
		return (this.settings.mode() == QueueMode.AT_LEAST_ONCE) ? queue.processing(this.settings.consumer())
				: queue.delayed();
	}

	private byte[] removeFlag() {
		return (this.settings.mode() == QueueMode.AT_LEAST_ONCE) ? new byte[] { '1' } : new byte[] { '0' };
	}

	private void run(RedisScript script, byte[][] keys, byte[]... args) {
		try {
			script.run(this.connections.commands(), ScriptOutputType.INTEGER, keys, args)
				.toCompletableFuture()
				.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.error("Listener '" + this.listenerId + "' could not move an item after its failure; "
					+ (this.settings.mode() == QueueMode.AT_LEAST_ONCE
							? "it stays in the processing list and returns to the queue after recovery"
							: "it is lost (at-most-once mode)"),
					ex);
		}
	}

	private Map<String, Object> headers(QueueItem item) {
		Map<String, Object> headers = new HashMap<>(item.envelope().headers());
		headers.put(RedisHeaders.ID, item.envelope().id());
		headers.put(RedisHeaders.QUEUE, item.queue().key());
		headers.put(RedisHeaders.ATTEMPTS, item.envelope().attempts());
		headers.put(RedisHeaders.LISTENER_ID, this.listenerId);
		return headers;
	}

}

package io.github.redismessaging.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.codec.PayloadDecodingException;
import io.github.redismessaging.listener.BatchListenerInvoker;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.listener.support.BatchListenerCalls;
import io.github.redismessaging.metrics.ListenerMetrics.Outcome;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.MessagingObservations;

/**
 * Handles items on a worker thread: invokes the listener, then has the lease finished (in batches, see
 * {@link ProcessedItems}) or hands the failure to {@link QueueFailures}. An item that could not be read goes
 * straight to {@link QueueFailures}. A batch listener gets the items of a batch in one call; an item that cannot
 * be delivered (unreadable, undecodable, out of attempts) is left out of the call and handled on its own.
 */
final class ItemProcessor implements Consumer<QueueItem> {

	private static final Log logger = LogFactory.getLog(ItemProcessor.class);

	private final String listenerId;

	private final ListenerInvoker invoker;

	private final ListenerMetrics metrics;

	private final MessagingObservations observations;

	private final HeldTakes held;

	private final ProcessedItems processedItems;

	private final QueueFailures failures;

	ItemProcessor(String listenerId, ListenerInvoker invoker, ListenerMetrics metrics,
			MessagingObservations observations, HeldTakes held, ProcessedItems processedItems,
			QueueFailures failures) {
		this.listenerId = listenerId;
		this.invoker = invoker;
		this.metrics = metrics;
		this.observations = observations;
		this.held = held;
		this.processedItems = processedItems;
		this.failures = failures;
	}

	@Override
	public void accept(QueueItem item) {
		try {
			handle(item);
		}
		catch (RuntimeException | Error ex) {
			// A bug around the listener call: the item must not stay held, and extended, for ever.
			this.processedItems.letGo(item);
			throw ex;
		}
	}

	private void handle(QueueItem item) {
		this.held.started(item);
		long start = System.nanoTime();
		QueueEnvelope envelope = deliverable(item, start);
		if (envelope == null) {
			return;
		}
		Outcome outcome;
		try {
			Map<String, Object> headers = headers(item, envelope);
			this.observations.observeProcess("queue", this.listenerId, item.queue().key(), headers,
					() -> this.invoker.invoke(envelope.payload(), headers));
			outcome = Outcome.SUCCESS;
			if (item.takeId() != null) {
				this.processedItems.succeeded(item);
			}
		}
		catch (PayloadDecodingException ex) {
			outcome = Outcome.DECODE_FAILURE;
			this.failures.payloadNotDecodable(item, ex);
		}
		catch (Throwable ex) {
			outcome = Outcome.FAILURE;
			failed(item, ex);
		}
		this.metrics.processed(item.queue().key(), outcome, System.nanoTime() - start);
	}

	/**
	 * Handles the items of a batch listener: the deliverable ones reach the listener in one call (see
	 * {@link BatchListenerCalls} for a call that names the item that failed).
	 * @param items the items a worker took, at most a batch
	 */
	void acceptBatch(List<QueueItem> items) {
		try {
			handleBatch(items);
		}
		catch (RuntimeException | Error ex) {
			// A bug around the listener call: items without an outcome must not stay held, and extended, for ever.
			items.forEach(this.processedItems::letGo);
			throw ex;
		}
	}

	private void handleBatch(List<QueueItem> items) {
		BatchListenerInvoker batchInvoker = (BatchListenerInvoker) this.invoker;
		long start = System.nanoTime();
		List<QueueItem> delivered = new ArrayList<>(items.size());
		List<Object> elements = new ArrayList<>(items.size());
		for (QueueItem item : items) {
			this.held.started(item);
			QueueEnvelope envelope = deliverable(item, start);
			if (envelope != null) {
				try {
					elements.add(batchInvoker.decode(envelope.payload(), headers(item, envelope)));
					delivered.add(item);
				}
				catch (PayloadDecodingException ex) {
					this.failures.payloadNotDecodable(item, ex);
					this.metrics.processed(item.queue().key(), Outcome.DECODE_FAILURE, System.nanoTime() - start);
				}
				catch (RuntimeException | LinkageError ex) {
					// A codec that fails otherwise fails this item alone, as it would on the single-item path.
					failed(item, ex);
					this.metrics.processed(item.queue().key(), Outcome.FAILURE, System.nanoTime() - start);
				}
			}
		}
		if (delivered.isEmpty()) {
			return;
		}
		String queue = delivered.get(0).queue().key();
		BatchListenerCalls.run(delivered, elements,
				(rest) -> this.observations.observeProcess("queue", this.listenerId, queue,
						Map.of(RedisHeaders.LISTENER_ID, this.listenerId), () -> batchInvoker.invokeBatch(rest)),
				new BatchListenerCalls.Outcomes<>() {

					@Override
					public void succeeded(QueueItem item) {
						if (item.takeId() != null) {
							ItemProcessor.this.processedItems.succeeded(item);
						}
						ItemProcessor.this.metrics.processed(item.queue().key(), Outcome.SUCCESS,
								(System.nanoTime() - start) / items.size());
					}

					@Override
					public void failed(QueueItem item, Throwable failure) {
						ItemProcessor.this.failed(item, failure);
						ItemProcessor.this.metrics.processed(item.queue().key(), Outcome.FAILURE,
								(System.nanoTime() - start) / items.size());
					}

				});
	}

	/**
	 * The item's envelope when it can be delivered; otherwise the item goes to {@link QueueFailures} (unreadable,
	 * out of attempts) and the answer is {@code null}.
	 */
	private @Nullable QueueEnvelope deliverable(QueueItem item, long start) {
		QueueEnvelope envelope = item.envelope();
		if (envelope == null) {
			this.failures.unreadable(item);
			this.metrics.processed(item.queue().key(), Outcome.DECODE_FAILURE, System.nanoTime() - start);
			return null;
		}
		if (this.failures.exhausted(item)) {
			this.failures.deadLetterExhausted(item);
			this.metrics.processed(item.queue().key(), Outcome.FAILURE, System.nanoTime() - start);
			return null;
		}
		return envelope;
	}

	private void failed(QueueItem item, Throwable ex) {
		if (ex instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
			logger.info("Listener '" + this.listenerId + "' was interrupted by shutdown on item " + item.id()
					+ ((item.takeId() != null) ? "; it stays leased and returns to the queue when the lease "
							+ "expires" : ""));
		}
		else {
			this.failures.failed(item, ex);
		}
	}

	private Map<String, Object> headers(QueueItem item, QueueEnvelope envelope) {
		Map<String, Object> headers = new HashMap<>(envelope.headers());
		headers.put(RedisHeaders.ID, envelope.id());
		headers.put(RedisHeaders.QUEUE, item.queue().key());
		headers.put(RedisHeaders.ATTEMPTS, (int) Math.min(item.previousDeliveries(), Integer.MAX_VALUE));
		headers.put(RedisHeaders.LISTENER_ID, this.listenerId);
		return headers;
	}

}

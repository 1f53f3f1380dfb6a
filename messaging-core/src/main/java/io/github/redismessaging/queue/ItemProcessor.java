package io.github.redismessaging.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.codec.PayloadDecodingException;
import io.github.redismessaging.listener.BatchListenerInvoker;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.listener.support.BatchListenerCalls;
import io.github.redismessaging.metrics.ListenerMetrics.Outcome;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.MessagingObservations;
import io.github.redismessaging.metrics.ProcessTiming;

/**
 * Handles items on a worker thread: invokes the listener, then has the lease finished (in batches, see
 * {@link ProcessedItems}) or hands the failure to {@link QueueFailures}. An item that could not be read goes
 * straight to {@link QueueFailures}. A batch listener gets the items of a batch in one call; an item that cannot
 * be delivered (unreadable, undecodable, out of attempts) is left out of the call and handled on its own. Every
 * item is timed with its outcome: one {@link ProcessTiming} sample each.
 */
final class ItemProcessor implements Consumer<QueueItem> {

	private static final Log logger = LogFactory.getLog(ItemProcessor.class);

	private final String listenerId;

	private final ListenerInvoker invoker;

	private final ProcessTiming timing;

	private final HeldTakes held;

	private final ProcessedItems processedItems;

	private final QueueFailures failures;

	/** Whether an item's headers are built: not when neither the listener nor the timing reads them. */
	private final boolean buildsHeaders;

	ItemProcessor(String listenerId, ListenerInvoker invoker, ListenerMetrics metrics,
			MessagingObservations observations, HeldTakes held, ProcessedItems processedItems,
			QueueFailures failures) {
		this.listenerId = listenerId;
		this.invoker = invoker;
		this.timing = observations.timing(ListenerKind.QUEUE, listenerId, metrics);
		this.held = held;
		this.processedItems = processedItems;
		this.failures = failures;
		this.buildsHeaders = invoker.usesHeaders() || this.timing.readsHeaders();
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
		QueueEnvelope envelope = item.envelope();
		Map<String, Object> headers = (envelope != null && this.buildsHeaders) ? headers(item, envelope) : Map.of();
		ProcessTiming.Sample sample = this.timing.start(item.queue().key(), headers);
		Outcome outcome = Outcome.FAILURE;
		try (Observation.Scope scope = sample.openScope()) {
			outcome = handle(item, envelope, headers, sample);
		}
		finally {
			sample.stop(outcome);
		}
	}

	private Outcome handle(QueueItem item, @Nullable QueueEnvelope envelope, Map<String, Object> headers,
			ProcessTiming.Sample sample) {
		Outcome undeliverable = undeliverable(item, envelope);
		if (undeliverable != null) {
			return undeliverable;
		}
		try {
			this.invoker.invoke(envelope.payload(), headers);
			this.processedItems.succeeded(item);
			return Outcome.SUCCESS;
		}
		catch (PayloadDecodingException ex) {
			sample.failed(ex);
			this.failures.payloadNotDecodable(item, ex);
			return Outcome.DECODE_FAILURE;
		}
		catch (Throwable ex) {
			sample.failed(ex);
			failed(item, ex);
			return Outcome.FAILURE;
		}
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
		List<Delivery> started = new ArrayList<>(items.size());
		List<Delivery> delivered = new ArrayList<>(items.size());
		List<Object> elements = new ArrayList<>(items.size());
		try {
			for (QueueItem item : items) {
				this.held.started(item);
				QueueEnvelope envelope = item.envelope();
				Map<String, Object> headers = (envelope != null) ? headers(item, envelope) : Map.of();
				Delivery delivery = new Delivery(item, this.timing.start(item.queue().key(), headers));
				started.add(delivery);
				Outcome undeliverable = undeliverable(item, envelope);
				if (undeliverable != null) {
					delivery.sample().stop(undeliverable);
					continue;
				}
				try {
					elements.add(batchInvoker.decode(envelope.payload(), headers));
					delivered.add(delivery);
				}
				catch (PayloadDecodingException ex) {
					delivery.sample().failed(ex);
					this.failures.payloadNotDecodable(item, ex);
					delivery.sample().stop(Outcome.DECODE_FAILURE);
				}
				catch (RuntimeException | LinkageError ex) {
					// A codec that fails otherwise fails this item alone, as it would on the single-item path.
					failed(delivery, ex);
				}
			}
			if (!delivered.isEmpty()) {
				BatchListenerCalls.run(delivered, elements, batchInvoker::invokeBatch, new BatchOutcomes());
			}
		}
		finally {
			// Only after a bug above: no sample may stay running (stopping twice does nothing).
			started.forEach((delivery) -> delivery.sample().stop(Outcome.FAILURE));
		}
	}

	/**
	 * The outcome of an item that cannot be delivered, which goes to {@link QueueFailures} (unreadable, out of
	 * attempts); {@code null} when it can be delivered, which needs an envelope.
	 */
	private @Nullable Outcome undeliverable(QueueItem item, @Nullable QueueEnvelope envelope) {
		if (envelope == null) {
			this.failures.unreadable(item);
			return Outcome.DECODE_FAILURE;
		}
		if (this.failures.exhausted(item)) {
			this.failures.deadLetterExhausted(item);
			return Outcome.FAILURE;
		}
		return null;
	}

	private void failed(Delivery delivery, Throwable ex) {
		delivery.sample().failed(ex);
		failed(delivery.item(), ex);
		delivery.sample().stop(Outcome.FAILURE);
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

	/**
	 * An item of a batch and its timing.
	 */
	private record Delivery(QueueItem item, ProcessTiming.Sample sample) {
	}

	private final class BatchOutcomes implements BatchListenerCalls.Outcomes<Delivery> {

		@Override
		public void succeeded(Delivery delivery) {
			ItemProcessor.this.processedItems.succeeded(delivery.item());
			delivery.sample().stop(Outcome.SUCCESS);
		}

		@Override
		public void failed(Delivery delivery, Throwable failure) {
			ItemProcessor.this.failed(delivery, failure);
		}

	}

}

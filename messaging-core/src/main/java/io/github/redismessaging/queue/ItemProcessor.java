package io.github.redismessaging.queue;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.redismessaging.codec.PayloadDecodingException;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.ListenerMetrics.Outcome;
import io.github.redismessaging.metrics.MessagingObservations;

/**
 * Handles one item on a worker thread: invokes the listener, then has the lease finished (in batches, see
 * {@link ProcessedItems}) or hands the failure to {@link QueueFailures}. An item that could not be read goes
 * straight to {@link QueueFailures}.
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
		catch (RuntimeException ex) {
			// A bug around the listener call: the item must not stay held, and extended, for ever.
			this.processedItems.letGo(item);
			throw ex;
		}
	}

	private void handle(QueueItem item) {
		this.held.started(item);
		long start = System.nanoTime();
		QueueEnvelope envelope = item.envelope();
		if (envelope == null) {
			this.failures.unreadable(item);
			this.metrics.processed(item.queue().key(), Outcome.DECODE_FAILURE, System.nanoTime() - start);
			return;
		}
		if (this.failures.exhausted(item)) {
			this.failures.deadLetterExhausted(item);
			this.metrics.processed(item.queue().key(), Outcome.FAILURE, System.nanoTime() - start);
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
			if (ex instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
				logger.info("Listener '" + this.listenerId + "' was interrupted by shutdown on item " + item.id()
						+ ((item.takeId() != null) ? "; it stays leased and returns to the queue when the lease "
								+ "expires" : ""));
			}
			else {
				this.failures.failed(item, ex);
			}
		}
		this.metrics.processed(item.queue().key(), outcome, System.nanoTime() - start);
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

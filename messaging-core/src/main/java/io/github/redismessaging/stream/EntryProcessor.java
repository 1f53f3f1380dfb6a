package io.github.redismessaging.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.redismessaging.listener.Acknowledgment;
import io.github.redismessaging.listener.BatchListenerInvoker;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.listener.support.BatchListenerCalls;
import io.github.redismessaging.metrics.ListenerMetrics.Outcome;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.MessagingObservations;

/**
 * Handles entries on a worker thread: calls the listener, acknowledges the entry when the call succeeds (with
 * {@code ackMode = AUTO}), and records the outcome. What happens when it fails is {@link StreamFailures}' business.
 */
final class EntryProcessor implements Consumer<StreamEntry> {

	private final String listenerId;

	private final StreamSettings settings;

	private final ListenerInvoker invoker;

	private final ListenerMetrics metrics;

	private final Acker acker;

	private final StreamFailures failures;

	private final MessagingObservations observations;

	EntryProcessor(String listenerId, StreamSettings settings, ListenerInvoker invoker, ListenerMetrics metrics,
			Acker acker, StreamFailures failures, MessagingObservations observations) {
		this.listenerId = listenerId;
		this.settings = settings;
		this.invoker = invoker;
		this.metrics = metrics;
		this.acker = acker;
		this.failures = failures;
		this.observations = observations;
	}

	@Override
	public void accept(StreamEntry entry) {
		long start = System.nanoTime();
		Outcome outcome = this.failures.deliver(entry, () -> invoke(entry));
		this.metrics.processed(this.settings.key(), outcome, System.nanoTime() - start);
	}

	/**
	 * Handles the entries of a batch listener: the decodable ones reach the listener in one call (see
	 * {@link BatchListenerCalls} for a call that names the entry that failed), and each is acknowledged or fails on
	 * its own. A batch call is not retried in process.
	 * @param entries the entries a worker took, at most a batch
	 */
	void acceptBatch(List<StreamEntry> entries) {
		BatchListenerInvoker batchInvoker = (BatchListenerInvoker) this.invoker;
		long start = System.nanoTime();
		List<StreamEntry> delivered = new ArrayList<>(entries.size());
		List<Object> elements = new ArrayList<>(entries.size());
		for (StreamEntry entry : entries) {
			try {
				elements.add(batchInvoker.decode(entry.payload(), headers(entry)));
				delivered.add(entry);
			}
			catch (RuntimeException | LinkageError ex) {
				// Undecodable: dead-lettered at once; a codec that fails otherwise fails this entry alone.
				Outcome outcome = this.failures.deliveryFailed(entry, ex);
				this.metrics.processed(this.settings.key(), outcome, System.nanoTime() - start);
			}
		}
		if (delivered.isEmpty()) {
			return;
		}
		BatchListenerCalls.run(delivered, elements,
				(rest) -> this.observations.observeProcess("stream", this.listenerId, this.settings.key(),
						Map.of(RedisHeaders.LISTENER_ID, this.listenerId), () -> batchInvoker.invokeBatch(rest)),
				new BatchListenerCalls.Outcomes<>() {

					@Override
					public void succeeded(StreamEntry entry) {
						acknowledge(entry);
						EntryProcessor.this.failures.succeeded(entry);
						EntryProcessor.this.metrics.processed(EntryProcessor.this.settings.key(), Outcome.SUCCESS,
								(System.nanoTime() - start) / entries.size());
					}

					@Override
					public void failed(StreamEntry entry, Throwable failure) {
						Outcome outcome = EntryProcessor.this.failures.deliveryFailed(entry, failure);
						EntryProcessor.this.metrics.processed(EntryProcessor.this.settings.key(), outcome,
								(System.nanoTime() - start) / entries.size());
					}

				});
	}

	private void invoke(StreamEntry entry) throws Exception {
		Map<String, Object> headers = headers(entry);
		this.observations.observeProcess("stream", this.listenerId, this.settings.key(), headers,
				() -> this.invoker.invoke(entry.payload(), headers));
		acknowledge(entry);
	}

	private void acknowledge(StreamEntry entry) {
		if (this.settings.isGroup() && this.settings.ackMode() == AckMode.AUTO) {
			this.acker.ack(entry.id());
		}
	}

	private Map<String, Object> headers(StreamEntry entry) {
		Map<String, Object> headers = new HashMap<>(12);
		headers.put(RedisHeaders.ID, entry.id());
		headers.put(RedisHeaders.STREAM, this.settings.key());
		headers.put(RedisHeaders.DELIVERY_COUNT, entry.deliveries());
		headers.put(RedisHeaders.FIELDS, entry.fields());
		headers.put(RedisHeaders.LISTENER_ID, this.listenerId);
		if (this.settings.isGroup()) {
			headers.put(RedisHeaders.GROUP, this.settings.group());
		}
		if (this.settings.ackMode() == AckMode.MANUAL) {
			headers.put(RedisHeaders.ACKNOWLEDGMENT, new OnceAcknowledgment(this.acker, entry.id()));
		}
		entry.fields().forEach((name, value) -> {
			if (name.startsWith(StreamFields.HEADER_PREFIX)) {
				headers.putIfAbsent(name.substring(StreamFields.HEADER_PREFIX.length()), value);
			}
		});
		return headers;
	}

	private static final class OnceAcknowledgment implements Acknowledgment {

		private final Acker acker;

		private final String id;

		private final AtomicBoolean done = new AtomicBoolean();

		OnceAcknowledgment(Acker acker, String id) {
			this.acker = acker;
			this.id = id;
		}

		@Override
		public void acknowledge() {
			if (this.done.compareAndSet(false, true)) {
				this.acker.ack(this.id);
			}
		}

	}

}

package io.github.redismessaging.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.micrometer.observation.Observation;

import io.github.redismessaging.listener.Acknowledgment;
import io.github.redismessaging.listener.BatchListenerInvoker;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.listener.support.BatchListenerCalls;
import io.github.redismessaging.listener.support.ThrottledLog;
import io.github.redismessaging.metrics.ListenerMetrics.Outcome;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.MessagingObservations;
import io.github.redismessaging.metrics.ProcessTiming;

/**
 * Handles entries on a worker thread: calls the listener, acknowledges the entry when the call succeeds (with
 * {@code ackMode = AUTO}), and times it with its outcome (one {@link ProcessTiming} sample per entry, in-process
 * retries included). What happens when it fails is {@link StreamFailures}' business. On a partition that this
 * instance no longer owns, entries in hand are not handled: they stay pending for the partition's new owner.
 */
final class EntryProcessor implements Consumer<StreamEntry> {

	private static final Log logger = LogFactory.getLog(EntryProcessor.class);

	private final ThrottledLog fencedLog = new ThrottledLog(logger, Duration.ofSeconds(10));

	private final String listenerId;

	private final StreamSettings settings;

	private final ListenerInvoker invoker;

	private final Acker acker;

	private final StreamFailures failures;

	private final ProcessTiming timing;

	private final BooleanSupplier owned;

	private final @Nullable WaitingEntries waiting;

	/** Whether a message's headers are built: not when neither the listener nor the timing reads them. */
	private final boolean buildsHeaders;

	EntryProcessor(String listenerId, StreamSettings settings, ListenerInvoker invoker, ListenerMetrics metrics,
			Acker acker, StreamFailures failures, MessagingObservations observations, BooleanSupplier owned,
			@Nullable WaitingEntries waiting) {
		this.listenerId = listenerId;
		this.owned = owned;
		this.waiting = waiting;
		this.settings = settings;
		this.invoker = invoker;
		this.acker = acker;
		this.failures = failures;
		this.timing = observations.timing(ListenerKind.STREAM, listenerId, metrics);
		this.buildsHeaders = invoker.usesHeaders() || this.timing.readsHeaders();
	}

	@Override
	public void accept(StreamEntry entry) {
		if (this.waiting != null) {
			this.waiting.started(entry);
		}
		if (!this.owned.getAsBoolean()) {
			fenced(entry.id());
			return;
		}
		Map<String, Object> headers = this.buildsHeaders ? headers(entry) : Map.of();
		ProcessTiming.Sample sample = this.timing.start(this.settings.key(), headers);
		Outcome outcome = Outcome.FAILURE;
		try (Observation.Scope scope = sample.openScope()) {
			outcome = this.failures.deliver(entry, () -> invoke(entry, headers, sample));
		}
		finally {
			sample.stop(outcome);
		}
	}

	/**
	 * Handles the entries of a batch listener: the decodable ones reach the listener in one call (see
	 * {@link BatchListenerCalls} for a call that names the entry that failed), and each is acknowledged or fails on
	 * its own. A batch call is not retried in process. Each entry is timed on its own, from when the worker takes
	 * up the batch to the entry's outcome; with observations on, each has its observation (continuing its own
	 * trace), and none is current during the call, which serves them all.
	 * @param entries the entries a worker took, at most a batch
	 */
	void acceptBatch(List<StreamEntry> entries) {
		if (!this.owned.getAsBoolean()) {
			fenced(entries.get(0).id());
			return;
		}
		BatchListenerInvoker batchInvoker = (BatchListenerInvoker) this.invoker;
		List<Delivery> started = new ArrayList<>(entries.size());
		List<Delivery> delivered = new ArrayList<>(entries.size());
		List<Object> elements = new ArrayList<>(entries.size());
		try {
			for (StreamEntry entry : entries) {
				Map<String, Object> headers = headers(entry);
				Delivery delivery = new Delivery(entry, this.timing.start(this.settings.key(), headers));
				started.add(delivery);
				try {
					elements.add(batchInvoker.decode(entry.payload(), headers));
					delivered.add(delivery);
				}
				catch (RuntimeException | LinkageError ex) {
					// Undecodable: dead-lettered at once; a codec that fails otherwise fails this entry alone.
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

	private void fenced(String firstId) {
		this.fencedLog.warn("fenced", "Listener '" + this.listenerId + "' no longer owns partition "
				+ this.settings.key() + "; the entries in hand from " + firstId + " on are left pending for its new "
				+ "owner");
	}

	private void failed(Delivery delivery, Throwable failure) {
		delivery.sample().failed(failure);
		delivery.sample().stop(this.failures.deliveryFailed(delivery.entry(), failure));
	}

	private void invoke(StreamEntry entry, Map<String, Object> headers, ProcessTiming.Sample sample) throws Exception {
		try {
			this.invoker.invoke(entry.payload(), headers);
		}
		catch (Exception | Error ex) {
			sample.failed(ex);
			throw ex;
		}
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
		entry.forEachHeader(headers::putIfAbsent);
		return headers;
	}

	/**
	 * An entry of a batch and its timing.
	 */
	private record Delivery(StreamEntry entry, ProcessTiming.Sample sample) {
	}

	private final class BatchOutcomes implements BatchListenerCalls.Outcomes<Delivery> {

		@Override
		public void succeeded(Delivery delivery) {
			acknowledge(delivery.entry());
			EntryProcessor.this.failures.succeeded(delivery.entry());
			delivery.sample().stop(Outcome.SUCCESS);
		}

		@Override
		public void failed(Delivery delivery, Throwable failure) {
			EntryProcessor.this.failed(delivery, failure);
		}

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

package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.github.redismessaging.codec.PayloadDecodingException;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.Acknowledgment;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.NotRetryable;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.MessagingObservations;
import io.github.redismessaging.metrics.ListenerMetrics.Outcome;

/**
 * Handles one entry on a worker thread: invokes the listener, retries in process if configured, then
 * acknowledges, leaves the entry pending for pending recovery, or dead-letters it. A failure that would recur on
 * every delivery (see {@link NotRetryable}: an undecodable or invalid payload, a {@code notRetryable} exception) is
 * dead-lettered at once, without retries, when the listener has a group and a dead-letter stream.
 */
final class EntryProcessor implements Consumer<StreamEntry> {

	private static final Log logger = LogFactory.getLog(EntryProcessor.class);

	private final String listenerId;

	private final StreamSettings settings;

	private final ListenerInvoker invoker;

	private final ListenerMetrics metrics;

	private final RedisConnections connections;

	private final Acker acker;

	private final DeadLetters deadLetters;

	private final byte[] failuresKey;

	private final MessagingObservations observations;

	EntryProcessor(String listenerId, StreamSettings settings, ListenerInvoker invoker, ListenerMetrics metrics,
			RedisConnections connections, Acker acker, DeadLetters deadLetters, String failuresKey,
			MessagingObservations observations) {
		this.listenerId = listenerId;
		this.settings = settings;
		this.invoker = invoker;
		this.metrics = metrics;
		this.connections = connections;
		this.acker = acker;
		this.deadLetters = deadLetters;
		this.failuresKey = failuresKey.getBytes(StandardCharsets.UTF_8);
		this.observations = observations;
	}

	@Override
	public void accept(StreamEntry entry) {
		long start = System.nanoTime();
		Outcome outcome = invoke(entry);
		this.metrics.processed(this.settings.key(), outcome, System.nanoTime() - start);
	}

	private Outcome invoke(StreamEntry entry) {
		Throwable failure = null;
		BackOffExecution backOff = null;
		for (int attempt = 0; attempt <= this.settings.retries(); attempt++) {
			if (attempt > 0) {
				this.metrics.retried(this.settings.key());
				if (backOff == null) {
					backOff = new ExponentialBackOff(this.settings.retryBackoff().toMillis(), 2.0).start();
				}
				if (!pause(backOff.nextBackOff())) {
					break;
				}
			}
			try {
				Map<String, Object> headers = headers(entry);
				this.observations.observeProcess("stream", this.listenerId, this.settings.key(), headers,
						() -> this.invoker.invoke(entry.payload(), headers));
				succeeded(entry);
				return Outcome.SUCCESS;
			}
			catch (PayloadDecodingException ex) {
				undecodable(entry, ex);
				return Outcome.DECODE_FAILURE;
			}
			catch (Throwable ex) {
				failure = ex;
				String reason = this.settings.notRetryable().reason(ex);
				if (reason != null && this.settings.isGroup() && this.settings.hasDeadLetter()) {
					deadLetterAtOnce(entry, reason, ex);
					return Outcome.FAILURE;
				}
				if (reason != null) {
					break; // no in-process retries; pending recovery as usual
				}
			}
		}
		failed(entry, failure);
		return Outcome.FAILURE;
	}

	private static boolean pause(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void succeeded(StreamEntry entry) {
		if (this.settings.isGroup() && this.settings.ackMode() == AckMode.AUTO) {
			this.acker.ack(entry.id());
		}
		if (this.settings.isGroup() && entry.deliveries() > 1) {
			this.connections.commands().hdel(this.failuresKey, failureField(entry));
		}
	}

	private void undecodable(StreamEntry entry, PayloadDecodingException ex) {
		if (!this.settings.isGroup() || !this.settings.hasDeadLetter()) {
			logger.error("Listener '" + this.listenerId + "' cannot decode entry " + entry.id() + " of "
					+ this.settings.describe() + "; it is skipped" + (this.settings.isGroup() ? " and stays pending" : "")
					+ ": " + ex.getMessage());
			return;
		}
		deadLetterAtOnce(entry, "decode", ex);
	}

	/**
	 * Dead-letters an entry that would fail on every delivery (reason {@code decode}, {@code validation} or
	 * {@code not-retryable}), after this one delivery.
	 */
	private void deadLetterAtOnce(StreamEntry entry, String reason, Throwable ex) {
		try {
			this.deadLetters.deadLetter(entry, reason, ex);
			this.metrics.deadLettered(this.settings.key(), reason, 1);
			logger.warn("Listener '" + this.listenerId + "' dead-lettered entry " + entry.id() + " of "
					+ this.settings.describe() + " to " + this.settings.deadLetterKey() + " (" + reason + "): "
					+ DeadLetters.describe(ex));
		}
		catch (Exception dlqFailure) {
			logger.error("Listener '" + this.listenerId + "' could not dead-letter entry " + entry.id() + " ("
					+ reason + "); it stays pending and is retried by pending recovery", dlqFailure);
		}
	}

	private void failed(StreamEntry entry, Throwable failure) {
		logger.error("Listener '" + this.listenerId + "' failed on entry " + entry.id() + " of "
				+ this.settings.describe() + " (delivery " + entry.deliveries() + ")"
				+ (this.settings.isGroup() && this.settings.ackMode() != AckMode.NONE
						? "; it stays pending and is redelivered after " + this.settings.claimMinIdle() : ""),
				failure);
		if (this.settings.isGroup() && this.settings.ackMode() != AckMode.NONE) {
			this.connections.commands()
				.hset(this.failuresKey, failureField(entry),
						DeadLetters.describe(failure).getBytes(StandardCharsets.UTF_8));
		}
	}

	private byte[] failureField(StreamEntry entry) {
		return (this.settings.group() + "/" + entry.id()).getBytes(StandardCharsets.UTF_8);
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

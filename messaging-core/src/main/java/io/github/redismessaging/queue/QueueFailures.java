package io.github.redismessaging.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.lettuce.core.ScriptOutputType;

import io.github.redismessaging.listener.support.BackOffPause;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.ErrorAction;
import io.github.redismessaging.listener.FailedMessage;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.NotRetryable;
import io.github.redismessaging.listener.support.DeadLetterRouting.Route;
import io.github.redismessaging.listener.support.DeadLetterRouting;
import io.github.redismessaging.listener.support.ListenerErrorHandling;
import io.github.redismessaging.listener.support.ThrottledLog;
import io.github.redismessaging.metrics.ListenerMetrics;

import static io.github.redismessaging.deadletter.DeadLetterFields.REASON_DECODE;
import static io.github.redismessaging.deadletter.DeadLetterFields.REASON_LEASE_EXPIRED;
import static io.github.redismessaging.deadletter.DeadLetterFields.REASON_MAX_ATTEMPTS;

/**
 * The failure lifecycle of a queue item, in one place. An item of an at-least-once queue is held in a take list
 * ({@code {q}:take:<id>}) under the take's lease ({@code {q}:leases}) from the moment it is taken until one of these
 * ends it:
 * <ol>
 * <li><b>Success.</b> Not here: {@link ProcessedItems} ends whole takes (batched {@code DEL} + {@code ZREM}).</li>
 * <li><b>Failure, attempts left.</b> The listener threw. The attempt number is the failed or lost deliveries so far
 * (the envelope's {@code attempts} plus the lease expiries Redis counted) plus this one. Below {@code maxAttempts}
 * (or always, without a dead-letter list) the {@code RETRY} script adds the item with that attempt count to
 * {@code {q}:delayed}, due after the backoff, and only then removes it from its take. Maintenance moves due items back to the
 * queue ({@code PROMOTE_DUE}, which also writes before it removes).</li>
 * <li><b>Failure, no attempts left.</b> The {@code DEAD_LETTER} script pushes a dead letter to {@code {q}:dlq}
 * (reason {@code max-attempts}, the {@link DeadLetterFields} headers), then removes it from its take.</li>
 * <li><b>Unreadable item.</b> An envelope with a field of the wrong type or range is dead-lettered at once, reason
 * {@code decode}, its bytes kept as the payload (and in {@code dlq.raw-base64} when they are not UTF-8). It never
 * reaches the listener and never holds up the items after it.</li>
 * <li><b>Failure that cannot succeed later.</b> A payload that the listener's converter cannot decode, an empty one
 * included when the payload parameter is neither {@code String} nor {@code byte[]} (reason {@code decode}), a
 * {@code @Valid} payload that breaks its constraints (reason {@code validation}, the violations in
 * {@code dlq.exception}) and an exception of a class listed in {@code notRetryable}, or caused by one (reason
 * {@code not-retryable}), are dead-lettered at once with the {@code DEAD_LETTER} script: one delivery, no retries.
 * Without a dead-letter list they are retried like step 2.</li>
 * <li><b>Redis refuses the write</b> (outage, failover, a companion key of the wrong type). Nothing was removed,
 * because every script writes first. The worker tries again with backoff while the lease is extended, for up to
 * {@code leaseTimeout}; then it lets go: the item stays in its take, whose other items are settled when they are done,
 * and the lease, no longer extended, expires and brings the item back (step 7). One log line says so.</li>
 * <li><b>Lease expiry</b> (the holder crashed, or paused or lost Redis for longer than {@code leaseTimeout}). Any
 * instance's maintenance runs {@code TAKE_BACK}: the item returns to the consumption end of the queue and Redis
 * counts one expiry for it; at {@code maxAttempts} expiries it is dead-lettered instead, reason
 * {@code lease-expired}, so that an item that crashes its JVM cannot crash the fleet in a loop. An item delivered
 * again whose failures and expiries together have reached {@code maxAttempts} is dead-lettered before the listener
 * sees it, so the two never add up to more than {@code maxAttempts} deliveries.</li>
 * <li><b>Stale holder.</b> A late outcome from a holder whose lease was taken back finds the item gone from its
 * take: the scripts write nothing, and the item, already back in the queue, is delivered again.</li>
 * <li><b>Error handler.</b> Before steps 2, 3 and 5, the listener's {@code RedisListenerErrorHandler}, if it has one,
 * decides: {@code DEAD_LETTER} runs the {@code DEAD_LETTER} script now (reason {@code error-handler}); {@code SKIP}
 * ends the item like a handled one, without a dead letter, counted in {@code redis.messaging.skipped};
 * {@code RETRY} goes on as above.</li>
 * </ol>
 * Every dead letter goes through the application's {@code DeadLetterCustomizer}, if it has one: it may add headers
 * and choose another list in the queue's hash slot.
 * <p>
 * A unique job (header {@code unique-key}) holds {@code {q}:unique:<key>} until it leaves the queue for good: the
 * {@code DEAD_LETTER} script frees the key (steps 3, 5, 7 and 9) after it wrote the dead letter, success and a
 * skip free it when the take ends (see {@link ProcessedItems}), and a retry or a take-back keeps it. A key is freed
 * only while it holds the job's id, and an item whose header cannot be read frees nothing: its key runs out with
 * its TTL.
 * <p>
 * A listener failure logs one WARN line, with the stack trace at most once a minute per listener and otherwise at
 * DEBUG. At most once there is no lease: retries and dead letters are written directly, and an item whose write fails
 * is lost (logged). Circular mode never takes an item out of its list, so a failure is only logged and counted.
 */
final class QueueFailures {

	private static final Log logger = LogFactory.getLog(QueueFailures.class);

	private static final int TAKE_BACK_LIMIT = 500;

	private final String listenerId;

	private final QueueSettings settings;

	private final RedisConnections connections;

	private final ListenerMetrics metrics;

	private final ProcessedItems processed;

	private final ListenerErrorHandling errorHandling;

	private final DeadLetterRouting deadLetters;

	private final ThrottledLog throttled = new ThrottledLog(logger, Duration.ofSeconds(10));

	private final ThrottledLog stackTraces = new ThrottledLog(logger, Duration.ofMinutes(1));

	QueueFailures(String listenerId, QueueSettings settings, RedisConnections connections, ListenerMetrics metrics,
			ProcessedItems processed, ListenerErrorHandling errorHandling, DeadLetterRouting deadLetters) {
		this.listenerId = listenerId;
		this.settings = settings;
		this.connections = connections;
		this.metrics = metrics;
		this.processed = processed;
		this.errorHandling = errorHandling;
		this.deadLetters = deadLetters;
	}

	/**
	 * Steps 2, 3, 5 (validation failures and {@code notRetryable} exceptions), 6 and 9: the listener failed on a
	 * readable item.
	 */
	void failed(QueueItem item, Throwable failure) {
		QueueEnvelope envelope = item.envelope();
		if (this.settings.mode() == QueueMode.CIRCULAR) {
			this.throttled.warn("circular", "Listener '" + this.listenerId + "' failed on item " + item.id()
					+ " of the circular list " + item.queue().key() + "; it stays in the list: " + failure);
			return;
		}
		long attempt = item.previousDeliveries() + 1;
		ErrorAction action = this.errorHandling.decide(() -> failedMessage(item, attempt), failure);
		if (action == ErrorAction.SKIP) {
			skip(item, failure, attempt);
			return;
		}
		if (action == ErrorAction.DEAD_LETTER && this.settings.deadLetter()) {
			deadLetter(item, DeadLetterFields.REASON_ERROR_HANDLER, NotRetryable.describe(failure), attempt);
			return;
		}
		String notRetryable = this.settings.notRetryable().reason(failure);
		if (notRetryable != null && this.settings.deadLetter()) {
			deadLetter(item, notRetryable, NotRetryable.describe(failure), attempt);
			return;
		}
		if (attempt >= this.settings.maxAttempts() && this.settings.deadLetter()) {
			deadLetter(item, REASON_MAX_ATTEMPTS, failure.getClass().getName() + ": " + failure.getMessage(), attempt);
			return;
		}
		long delay = this.settings.backoffMillis((int) Math.min(attempt, Integer.MAX_VALUE));
		QueueEnvelope retried = envelope.withAttempts(attempt);
		QueueKeys queue = item.queue();
		long written = write(item, QueueScripts.RETRY, queue.delayed(), false, retried.write(),
				QueueFetcher.ascii(System.currentTimeMillis() + delay));
		if (written == 1) {
			this.metrics.retried(queue.key());
			this.stackTraces.warn("failure", "Listener '" + this.listenerId + "' failed on item " + item.id() + " of "
					+ queue.key() + " (attempt " + attempt + " of " + this.settings.maxAttempts() + "); retrying in "
					+ delay + " ms: " + failure, failure);
		}
		else if (written == 0) {
			logLeaseLost(item, "retry");
		}
	}

	/**
	 * Step 9: the error handler skipped the item. It ends like a handled one; nothing is written for it.
	 */
	private void skip(QueueItem item, Throwable failure, long attempt) {
		this.processed.succeeded(item);
		this.metrics.skipped(item.queue().key());
		this.stackTraces.warn("failure", "Listener '" + this.listenerId + "' failed on item " + item.id() + " of "
				+ item.queue().key() + " (attempt " + attempt + "); its error handler skipped it: " + failure, failure);
	}

	/**
	 * Whether an item has used up its deliveries before this one (failures and lease expiries together), so that
	 * expiries and failures cannot add up to more than {@code maxAttempts} deliveries.
	 */
	boolean exhausted(QueueItem item) {
		return item.takeId() != null && this.settings.deadLetter()
				&& item.previousDeliveries() >= this.settings.maxAttempts();
	}

	/**
	 * Dead-letters an item that has used up its deliveries without handing it to the listener again.
	 */
	void deadLetterExhausted(QueueItem item) {
		String reason = (item.expiries() > 0) ? REASON_LEASE_EXPIRED : REASON_MAX_ATTEMPTS;
		deadLetter(item, reason, "no attempts left after " + item.previousDeliveries() + " failed or lost deliveries ("
				+ item.expiries() + " lease expiries)", item.previousDeliveries());
	}

	/**
	 * Step 5 for a payload that the listener's converter cannot decode: it would fail on every delivery.
	 */
	void payloadNotDecodable(QueueItem item, Throwable failure) {
		if (this.settings.mode() == QueueMode.CIRCULAR || !this.settings.deadLetter()) {
			failed(item, failure);
			return;
		}
		deadLetter(item, REASON_DECODE, failure.getClass().getName() + ": " + failure.getMessage(),
				item.previousDeliveries() + 1);
	}

	/**
	 * Step 4: the item could not be read.
	 */
	void unreadable(QueueItem item) {
		if (this.settings.mode() == QueueMode.CIRCULAR) {
			this.throttled.warn("circular-decode", "Listener '" + this.listenerId + "' cannot read an item of the "
					+ "circular list " + item.queue().key() + "; it stays in the list: " + item.invalid());
			return;
		}
		if (!this.settings.deadLetter()) {
			this.throttled.warn("decode", "Listener '" + this.listenerId + "' cannot read item " + item.id() + " of "
					+ item.queue().key() + " and has no dead-letter list; "
					+ ((item.takeId() != null) ? "it returns to the queue when its lease expires: "
							: "it is dropped (" + this.settings.mode() + "): ")
					+ item.invalid());
			this.processed.letGo(item);
			return;
		}
		deadLetter(item, REASON_DECODE, item.invalid(), item.previousDeliveries() + 1);
	}

	/**
	 * Step 7: takes back the expired leases of a queue, and dead-letters the items that expired too often.
	 */
	void takeBackExpired(QueueKeys queue) throws Exception {
		List<Object> reply;
		do {
			byte[][] keys = { QueueKeys.bytes(queue.key()), QueueKeys.bytes(queue.leases()),
					QueueKeys.bytes(queue.expiries()) };
			int limit = this.settings.deadLetter() ? this.settings.maxAttempts() : 0;
			reply = QueueScripts.TAKE_BACK.<List<Object>>run(this.connections.commands(), ScriptOutputType.MULTI,
					keys, QueueFetcher.ascii(TAKE_BACK_LIMIT), QueueFetcher.ascii(limit),
					QueueFetcher.ascii(this.settings.leaseTimeout().toMillis()), QueueKeys.bytes(queue.takePrefix()))
				.toCompletableFuture()
				.get(10, TimeUnit.SECONDS);
			long returned = QueueFetcher.number(reply.get(0));
			if (returned > 0) {
				for (long i = 0; i < returned; i++) {
					this.metrics.retried(queue.key());
				}
				logger.warn("Listener '" + this.listenerId + "' returned " + returned + " items of " + queue.key()
						+ " whose lease expired (holder crashed, paused or cut off) to the queue");
			}
			for (int i = 1; i + 2 < reply.size(); i += 3) {
				QueueItem item = QueueItem.read(queue, QueueFetcher.text(reply.get(i)), (byte[]) reply.get(i + 1), 0);
				long expiries = QueueFetcher.number(reply.get(i + 2));
				deadLetter(item, REASON_LEASE_EXPIRED, "its lease expired " + expiries + " times",
						item.previousDeliveries() + expiries);
			}
		}
		while (reply.size() > 1 || QueueFetcher.number(reply.get(0)) > 0);
	}

	private void deadLetter(QueueItem item, String reason, String exception, long deliveries) {
		QueueKeys queue = item.queue();
		Route route = this.deadLetters.route(() -> failedMessage(item, deliveries), reason, queue.key(),
				queue.deadLetter());
		long written = write(item, QueueScripts.DEAD_LETTER, route.destination(), true, deadLetterOf(item, reason,
				exception, deliveries, route.headers()));
		if (written == 1) {
			this.metrics.deadLettered(queue.key(), reason, 1);
			logger.warn("Listener '" + this.listenerId + "' dead-lettered item " + item.id() + " of " + queue.key()
					+ " to " + route.destination() + " (" + reason + ", " + deliveries + " deliveries): " + exception);
		}
		else if (written == 0) {
			logLeaseLost(item, "dead letter");
		}
	}

	private FailedMessage failedMessage(QueueItem item, long attempt) {
		QueueEnvelope envelope = item.envelope();
		return new FailedMessage(this.listenerId, ListenerKind.QUEUE, item.queue().key(), item.id(),
				(envelope != null) ? envelope.payload() : item.raw(), (envelope != null) ? envelope.headers() : Map.of(),
				attempt);
	}

	private byte[] deadLetterOf(QueueItem item, String reason, String exception, long deliveries,
			Map<String, String> extra) {
		QueueEnvelope source = item.envelope();
		Map<String, String> headers = new LinkedHashMap<>((source != null) ? source.headers() : Map.of());
		headers.putAll(extra);
		headers.put(DeadLetterFields.REASON, reason);
		headers.put(DeadLetterFields.EXCEPTION, exception);
		headers.put(DeadLetterFields.DELIVERIES, Long.toString(deliveries));
		headers.put(DeadLetterFields.LISTENER, this.listenerId);
		headers.put(DeadLetterFields.SOURCE_ID, item.id());
		headers.put(DeadLetterFields.AT, Instant.now().toString());
		if (source != null) {
			return new QueueEnvelope(source.id(), source.payload(), source.attempts(), headers, source.enqueuedAt())
				.write();
		}
		if (!QueueEnvelope.isUtf8(item.raw())) {
			headers.put(DeadLetterFields.RAW_BASE64, Base64.getEncoder().encodeToString(item.raw()));
		}
		return new QueueEnvelope(item.id(), item.raw(), 0, headers, 0).writeWithTextPayload();
	}

	/**
	 * Runs a script that writes an item elsewhere and then ends its lease, retrying with backoff while the lease
	 * is held (step 6).
	 * @param leaves whether the item leaves the queue for good (a dead letter): its unique key, if it has one, is
	 * freed by the script, as its last key and argument
	 * @return 1 when written, 0 when the lease was gone, -1 when Redis refused until the lease was let go
	 */
	private long write(QueueItem item, RedisScript script, String destination, boolean leaves, byte[]... args) {
		QueueKeys queue = item.queue();
		boolean leased = item.takeId() != null;
		String uniqueKey = leaves ? item.uniqueKey() : null;
		byte[] from = QueueKeys.bytes(leased ? queue.take(item.takeId()) : queue.delayed());
		byte[][] keys = (uniqueKey != null)
				? new byte[][] { from, QueueKeys.bytes(destination), QueueKeys.bytes(queue.expiries()),
						QueueKeys.bytes(queue.unique(uniqueKey)) }
				: new byte[][] { from, QueueKeys.bytes(destination), QueueKeys.bytes(queue.expiries()) };
		byte[][] arguments = new byte[args.length + ((uniqueKey != null) ? 3 : 2)][];
		arguments[0] = leased ? new byte[] { '1' } : new byte[] { '0' };
		arguments[1] = item.raw();
		System.arraycopy(args, 0, arguments, 2, args.length);
		if (uniqueKey != null) {
			arguments[arguments.length - 1] = QueueKeys.bytes(item.id());
		}
		ExponentialBackOff policy = new ExponentialBackOff(100, 2);
		policy.setMaxInterval(2_000);
		policy.setMaxElapsedTime(this.settings.leaseTimeout().toMillis());
		BackOffExecution backOff = policy.start();
		Exception last;
		do {
			try {
				Long written = script.<Long>run(this.connections.commands(), ScriptOutputType.INTEGER, keys, arguments)
					.toCompletableFuture()
					.get(10, TimeUnit.SECONDS);
				this.processed.moved(item);
				return written;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				last = ex;
				break;
			}
			catch (Exception ex) {
				last = ex;
				logger.debug("Listener '" + this.listenerId + "': writing item " + item.id() + " to " + destination
						+ " failed; trying again", ex);
			}
		}
		while (BackOffPause.pause(backOff.nextBackOff()));
		this.processed.letGo(item);
		String where = leased
				? "it stays leased in " + queue.take(item.takeId()) + " and returns to the queue when its lease expires"
				: "it is lost (" + this.settings.mode() + ")";
		logger.error("Listener '" + this.listenerId + "' could not write item " + item.id() + " of " + queue.key()
				+ " to " + destination + "; " + where + ": " + last);
		return -1;
	}

	private void logLeaseLost(QueueItem item, String what) {
		logger.warn("Listener '" + this.listenerId + "' no longer held item " + item.id() + " of "
				+ item.queue().key() + " when writing its " + what + ": its lease had expired and the item was "
				+ "returned to the queue, so nothing was written");
	}

}

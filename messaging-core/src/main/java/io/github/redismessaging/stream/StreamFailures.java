package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOffExecution;

import io.lettuce.core.ScriptOutputType;

import io.github.redismessaging.listener.support.BackOffPause;
import io.github.redismessaging.codec.PayloadDecodingException;
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
import io.github.redismessaging.metrics.ListenerMetrics.Outcome;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.MessagingObservations.ListenerCall;

import static io.github.redismessaging.deadletter.DeadLetterFields.REASON_DECODE;
import static io.github.redismessaging.deadletter.DeadLetterFields.REASON_MAX_DELIVERIES;

/**
 * The failure lifecycle of a stream entry, in one place. An entry read by a group stays in the group's pending
 * list from its delivery until it is acknowledged or dead-lettered:
 * <ol>
 * <li><b>Success.</b> The listener returned. The caller acknowledges the entry (batched {@code XACK}; with
 * {@code ackMode = MANUAL} the listener does), and an exception remembered from an earlier delivery is forgotten
 * ({@code HDEL}).</li>
 * <li><b>Failure, in-process retries left.</b> With {@code retries > 0} the listener is called again after
 * the {@code backoff} ({@code backoff.delay}, growing by {@code backoff.multiplier} up to {@code backoff.maxDelay}),
 * up to {@code retries} times. With {@code ordering = KEY} (a group that acknowledges) an entry must not stay
 * pending while the later entries of its key go on, so all its deliveries happen here: {@code retries} does not
 * apply; the listener is called again after the backoff until the entry's deliveries (the delivery count it came
 * with, plus the calls here) reach {@code maxDeliveries}, and then it is dead-lettered at once (reason
 * {@code max-deliveries}, with the {@code DEAD_LETTER} script as in step 5). The worker waits out the backoff
 * holding the key, while the other keys run on the other workers. Without a dead-letter stream the entry stays
 * pending after its last call (step 3) and its key is released: the later entries of its key go on, and pending
 * recovery delivers it again, out of their order, after {@code claimMinIdle}.</li>
 * <li><b>Failure of the delivery.</b> The entry is not acknowledged: it stays pending. Its exception is remembered
 * in the failures hash ({@code {s}:failures}, field {@code <group>/<entry id>}) for its dead letter.</li>
 * <li><b>Claim or dead letter.</b> Every {@code claimInterval} pending recovery runs the {@code CLAIM} script: it
 * claims the entries pending longer than {@code claimMinIdle} from any consumer ({@code XAUTOCLAIM}) and reads their
 * delivery counts. One whose count now exceeds {@code maxDeliveries} is dead-lettered in the same script (reason
 * {@code max-deliveries}, the remembered exception; {@code XADD} to the dead-letter stream, {@code XACK},
 * {@code HDEL}), so an entry that always fails is delivered exactly {@code maxDeliveries} times. The others go to
 * the workers again: step 1. Entries deleted from the stream while pending are counted, never delivered.</li>
 * <li><b>Failure that cannot succeed later.</b> A payload that cannot be decoded, an empty or missing one included
 * unless the payload parameter is {@code String} or {@code byte[]} (reason {@code decode}), a {@code @Valid}
 * payload that breaks its constraints (reason {@code validation}) and an exception of a class listed in
 * {@code notRetryable}, or caused by one (reason {@code not-retryable}): the {@code DEAD_LETTER} script
 * dead-letters the entry after this one delivery, without in-process retries ({@code XADD}, {@code XACK},
 * {@code HDEL} in one step). Without a dead-letter stream they only skip the in-process retries, and an
 * undecodable entry is not remembered.</li>
 * <li><b>Replay.</b> Not here: the template appends dead letters to the stream again, as new entries.</li>
 * <li><b>Error handler.</b> Before steps 2, 3 and 5, the listener's {@code RedisListenerErrorHandler}, if it has one,
 * decides (with {@code ordering = KEY} the attempt it sees counts the calls of step 2): {@code DEAD_LETTER} runs
 * the {@code DEAD_LETTER} script now (reason {@code error-handler});
 * {@code SKIP} acknowledges the entry without a dead letter, counted in {@code redis.messaging.skipped};
 * {@code RETRY} goes on as above.</li>
 * </ol>
 * Every dead letter goes through the application's {@code DeadLetterCustomizer}, if it has one: it may add fields
 * and choose another stream in the stream's hash slot. Pending recovery then hands the entries past
 * {@code maxDeliveries} over from the {@code CLAIM} script and dead-letters each with the {@code DEAD_LETTER}
 * script, so that the customizer sees them; one that cannot be written stays pending for the next claim.
 * Every failed call logs one WARN line; the stack trace comes with it at most once a minute per listener, and
 * otherwise at DEBUG. On a partition of a partitioned stream that this instance no longer owns (its lease ran out),
 * a failure is neither retried nor dead-lettered here: the entry stays pending, and the partition's new owner claims
 * it. Fan-out listeners and {@code ackMode = NONE} have no pending list: a failed entry is logged
 * and counted, and not delivered again.
 */
final class StreamFailures {

	private static final Log logger = LogFactory.getLog(StreamFailures.class);

	/**
	 * Lua shared by the scripts that dead-letter: {@code forget} and {@code remembered} use the failures hash
	 * (KEYS[3]) unless it has the wrong type, which then counts as empty rather than failing the script.
	 * {@code append(key, original fields, dead-letter fields)} adds a dead letter with the entry's fields and the
	 * {@code dlq.*} ones; when there are too many fields for one call (thousands, from a hostile entry) it adds the
	 * {@code dlq.*} ones alone, since the entry stays in its stream. Returns false, writing nothing, when even that
	 * fails (a dead-letter key of the wrong type, out of memory).
	 */
	private static final String APPEND = """
			local failuresType = redis.call('TYPE', KEYS[3])['ok']
			local remembering = failuresType == 'hash' or failuresType == 'none'
			local function forget(field)
			  if remembering then redis.call('HDEL', KEYS[3], field) end
			end
			local function remembered(field)
			  if remembering then return redis.call('HGET', KEYS[3], field) end
			  return false
			end
			local function append(key, original, extra)
			  local fields = {}
			  for _, v in ipairs(original) do table.insert(fields, v) end
			  for _, v in ipairs(extra) do table.insert(fields, v) end
			  if pcall(function() return redis.call('XADD', key, '*', unpack(fields)) end) then return true end
			  return pcall(function() return redis.call('XADD', key, '*', unpack(extra)) end)
			end
			""";

	/**
	 * KEYS: stream, dead-letter stream, failures hash. ARGV: group, id, field/value pairs of the dead letter
	 * (the original fields are added by the script when the entry still exists). Fails, writing nothing, when the
	 * dead letter cannot be written.
	 */
	private static final RedisScript DEAD_LETTER = new RedisScript(APPEND + """
			local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
			local extra = {}
			for i = 3, #ARGV do table.insert(extra, ARGV[i]) end
			if not append(KEYS[2], entry[1] and entry[1][2] or {}, extra) then
			  return redis.error_reply('ERR the dead letter could not be written to ' .. KEYS[2])
			end
			redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
			forget(ARGV[1] .. '/' .. ARGV[2])
			return 1
			""");

	/**
	 * KEYS: stream, dead-letter stream (or the stream itself when there is none), failures hash.
	 * ARGV: group, consumer, min idle ms, start id, count, max deliveries (0: never dead-letter; negative: hand
	 * the entries past it over instead of dead-lettering them, for a dead-letter customizer), the names of the
	 * dead-letter fields for the exception, the deliveries and the source id, then the field/value pairs that every
	 * dead letter of this run gets (reason, listener, time).
	 * Returns {next start id, {{id, {field, value...}, deliveries}...}, deleted count, dead-lettered count,
	 * {{id, {field, value...}, deliveries, remembered exception}...} handed over, count of dead letters that could
	 * not be written (those entries stay pending)}. The
	 * deleted ids are XAUTOCLAIM's third reply element, which Lettuce's own XAUTOCLAIM result hides (lettuce issue
	 * 3900); Redis has already removed them from the pending list.
	 */
	private static final RedisScript CLAIM = new RedisScript(APPEND + """
			local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5])
			local deleted = reply[3] or {}
			for _, id in ipairs(deleted) do forget(ARGV[1] .. '/' .. id) end
			local max = tonumber(ARGV[6])
			local handOver = max < 0
			if handOver then max = -max end
			local claimed = {}
			local exhausted = {}
			local dead = 0
			local unwritten = 0
			for _, entry in ipairs(reply[2]) do
			  local id = entry[1]
			  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
			  local deliveries = pending[1] and tonumber(pending[1][4]) or 1
			  if max > 0 and deliveries > max and handOver then
			    local failure = remembered(ARGV[1] .. '/' .. id)
			    table.insert(exhausted, {id, entry[2], deliveries, failure or 'unknown'})
			  elseif max > 0 and deliveries > max then
			    local failure = remembered(ARGV[1] .. '/' .. id)
			    local extra = {ARGV[7], failure or 'unknown', ARGV[8], tostring(deliveries - 1), ARGV[9], id}
			    for i = 10, #ARGV do table.insert(extra, ARGV[i]) end
			    if append(KEYS[2], entry[2], extra) then
			      redis.call('XACK', KEYS[1], ARGV[1], id)
			      forget(ARGV[1] .. '/' .. id)
			      dead = dead + 1
			    else
			      unwritten = unwritten + 1
			    end
			  else
			    table.insert(claimed, {id, entry[2], deliveries})
			  end
			end
			return {reply[1], claimed, #deleted, dead, exhausted, unwritten}
			""");

	private final String listenerId;

	private final StreamSettings settings;

	private final RedisConnections connections;

	private final ListenerMetrics metrics;

	private final byte[] failuresKey;

	private final @Nullable Acker acker;

	private final ListenerErrorHandling errorHandling;

	private final DeadLetterRouting deadLetters;

	private final ThrottledLog stackTraces = new ThrottledLog(logger, Duration.ofMinutes(1));

	private final ThrottledLog throttled = new ThrottledLog(logger, Duration.ofSeconds(10));

	private final BooleanSupplier owned;

	/**
	 * Creates the failure lifecycle of one listener (or of one partition of a partitioned listener).
	 * @param owned whether this instance still owns the partition; always true for a plain stream
	 */
	StreamFailures(String listenerId, StreamSettings settings, RedisConnections connections, ListenerMetrics metrics,
			String failuresKey, @Nullable Acker acker, ListenerErrorHandling errorHandling,
			DeadLetterRouting deadLetters, BooleanSupplier owned) {
		this.listenerId = listenerId;
		this.owned = owned;
		this.settings = settings;
		this.connections = connections;
		this.metrics = metrics;
		this.failuresKey = bytes(failuresKey);
		this.acker = acker;
		this.errorHandling = errorHandling;
		this.deadLetters = deadLetters;
	}

	/**
	 * Steps 1, 2, 3, 5 and 7: calls the listener for one delivery of an entry, retrying in process.
	 * @param entry the entry
	 * @param call the listener call, which acknowledges the entry when it succeeds
	 * @return the outcome
	 */
	Outcome deliver(StreamEntry entry, ListenerCall call) {
		boolean inProcess = deliversInProcess();
		long retries = inProcess ? Math.max(0, this.settings.maxDeliveries() - entry.deliveries())
				: this.settings.retries();
		BackOffExecution backOff = null;
		for (int retry = 0;; retry++) {
			try {
				call.run();
				succeeded(entry);
				return Outcome.SUCCESS;
			}
			catch (Throwable ex) {
				if (isShutdownInterrupt(ex)) {
					return interrupted(entry);
				}
				if (!this.owned.getAsBoolean()) {
					return lostPartition(entry, ex);
				}
				long attempt = inProcess ? entry.deliveries() + retry : entry.deliveries();
				Outcome handled = handledByErrorHandler(entry, ex, attempt);
				if (handled != null) {
					return handled;
				}
				boolean last = retry >= retries;
				if (ex instanceof PayloadDecodingException || this.settings.notRetryable().reason(ex) != null
						|| (last && !inProcess)) {
					return failedForGood(entry, ex);
				}
				if (last) {
					return deliveriesUsedUp(entry, ex, attempt);
				}
				if (backOff == null) {
					backOff = this.settings.backoff().start();
				}
				long delay = backOff.nextBackOff();
				this.stackTraces.warn("failure", line(entry, attempt, ex, "retrying in " + delay + " ms "
						+ (inProcess ? "while the later entries of its key wait"
								: "(in-process retry " + (retry + 1) + " of " + retries + ")")), ex);
				this.metrics.retried(this.settings.key());
				if (!BackOffPause.pause(delay)) {
					remember(entry, ex);
					return Outcome.FAILURE;
				}
				if (!this.owned.getAsBoolean()) {
					return lostPartition(entry, ex);
				}
			}
		}
	}

	/**
	 * A failure on a partition this instance no longer owns: neither retried nor dead-lettered here, since the new
	 * owner claims the entry, which stays pending.
	 */
	private Outcome lostPartition(StreamEntry entry, Throwable ex) {
		this.throttled.warn("lost", line(entry, entry.deliveries(), ex, "left pending for the partition's new owner"));
		return Outcome.FAILURE;
	}

	/**
	 * Step 1 after the listener call: forgets an exception remembered from an earlier delivery.
	 * @param entry the entry the listener handled
	 */
	void succeeded(StreamEntry entry) {
		if (isPending() && entry.deliveries() > 1) {
			this.connections.commands().hdel(this.failuresKey, failureField(entry));
		}
	}

	/**
	 * Steps 7, 3 and 5 for an entry of a batch listener, which comes here straight from the call: the listener is
	 * called again with the rest of the batch instead of an in-process retry.
	 * @param entry the entry
	 * @param failure what the listener (or decoding) threw
	 * @return the outcome
	 */
	Outcome deliveryFailed(StreamEntry entry, Throwable failure) {
		if (isShutdownInterrupt(failure)) {
			return interrupted(entry);
		}
		if (!this.owned.getAsBoolean()) {
			return lostPartition(entry, failure);
		}
		Outcome handled = handledByErrorHandler(entry, failure, entry.deliveries());
		return (handled != null) ? handled : failedForGood(entry, failure);
	}

	/**
	 * Whether a failure comes from the interrupt of a stopping container: nothing is decided or written for it.
	 */
	private static boolean isShutdownInterrupt(Throwable failure) {
		if (failure instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		return Thread.currentThread().isInterrupted();
	}

	private Outcome interrupted(StreamEntry entry) {
		logger.info("Listener '" + this.listenerId + "' was interrupted by shutdown on entry " + entry.id() + " of "
				+ this.settings.describe() + "; it is not acknowledged"
				+ (isPending() ? " and stays pending for pending recovery" : ""));
		return Outcome.FAILURE;
	}

	/**
	 * Step 7: asks the error handler, if any, and dead-letters or skips the entry as it decides.
	 * @param attempt which delivery of the entry failed
	 * @return the outcome, or {@code null} when the entry takes the failure path
	 */
	private @Nullable Outcome handledByErrorHandler(StreamEntry entry, Throwable failure, long attempt) {
		if (failure instanceof PayloadDecodingException) {
			return null;
		}
		ErrorAction action = this.errorHandling.decide(() -> failedMessage(entry, attempt), failure);
		if (action == ErrorAction.DEAD_LETTER && canDeadLetter()) {
			deadLetter(entry, DeadLetterFields.REASON_ERROR_HANDLER, NotRetryable.describe(failure), attempt);
			return Outcome.FAILURE;
		}
		if (action == ErrorAction.SKIP) {
			if (isPending() && this.acker != null) {
				this.acker.ack(entry.id());
			}
			succeeded(entry);
			this.metrics.skipped(this.settings.key());
			this.stackTraces.warn("failure", line(entry, attempt, failure, "its error handler skipped it"), failure);
			return Outcome.FAILURE;
		}
		return null;
	}

	/**
	 * Steps 3 and 5: a delivery failed for good, with no in-process retry left or allowed.
	 */
	private Outcome failedForGood(StreamEntry entry, Throwable failure) {
		if (failure instanceof PayloadDecodingException undecodable) {
			undecodable(entry, undecodable);
			return Outcome.DECODE_FAILURE;
		}
		String reason = this.settings.notRetryable().reason(failure);
		if (reason != null && canDeadLetter()) {
			deadLetter(entry, reason, NotRetryable.describe(failure), entry.deliveries());
		}
		else {
			failed(entry, failure);
		}
		return Outcome.FAILURE;
	}

	/**
	 * Step 2 with {@code ordering = KEY}: the entry failed its last delivery, in process.
	 * @param deliveries its deliveries, the calls in process included
	 */
	private Outcome deliveriesUsedUp(StreamEntry entry, Throwable failure, long deliveries) {
		if (this.settings.hasDeadLetter()) {
			deadLetter(entry, REASON_MAX_DELIVERIES, NotRetryable.describe(failure), deliveries);
		}
		else {
			this.stackTraces.warn("failure", line(entry, deliveries, failure, "without a dead-letter stream it stays "
					+ "pending and is delivered again after " + this.settings.claimMinIdle().toMillis()
					+ " ms, and the later entries of its key go on meanwhile"), failure);
			remember(entry, failure);
		}
		return Outcome.FAILURE;
	}

	/**
	 * Step 4: claims up to {@code count} entries pending longer than {@code minIdle} ({@code claimMinIdle}, or 0
	 * when taking over a partition), and dead-letters those that have used up their deliveries.
	 * @param start where XAUTOCLAIM starts
	 * @param count the most entries to claim
	 * @param minIdle how long an entry must have been pending
	 * @return the claimed entries, where to start next and how many pending entries were deleted from the stream
	 */
	Claimed claim(String start, int count, Duration minIdle) throws Exception {
		int maxDeliveries = !this.settings.hasDeadLetter() ? 0
				: this.deadLetters.customizes() ? -this.settings.maxDeliveries() : this.settings.maxDeliveries();
		String deadLetterKey = this.settings.hasDeadLetter() ? this.settings.deadLetterKey() : this.settings.key();
		byte[][] keys = { bytes(this.settings.key()), bytes(deadLetterKey), this.failuresKey };
		List<?> reply = CLAIM.<List<?>>run(this.connections.commands(), ScriptOutputType.MULTI, keys,
				bytes(this.settings.group()), bytes(this.settings.consumer()),
				bytes(Long.toString(minIdle.toMillis())), bytes(start),
				bytes(Integer.toString(count)), bytes(Integer.toString(maxDeliveries)),
				bytes(DeadLetterFields.EXCEPTION), bytes(DeadLetterFields.DELIVERIES), bytes(DeadLetterFields.SOURCE_ID),
				bytes(DeadLetterFields.REASON), bytes(REASON_MAX_DELIVERIES), bytes(DeadLetterFields.LISTENER),
				bytes(this.listenerId), bytes(DeadLetterFields.AT), bytes(Instant.now().toString()))
			.toCompletableFuture()
			.get(30, TimeUnit.SECONDS);
		List<StreamEntry> entries = new ArrayList<>();
		for (Object claimed : (List<?>) reply.get(1)) {
			entries.add(StreamEntry.fromScript((List<?>) claimed));
		}
		long dead = (Long) reply.get(3);
		if (dead > 0) {
			this.metrics.deadLettered(this.settings.key(), REASON_MAX_DELIVERIES, dead);
			logger.warn("Listener '" + this.listenerId + "': dead-lettered " + dead + " entries of "
					+ this.settings.describe() + " after " + this.settings.maxDeliveries() + " deliveries");
		}
		long unwritten = (Long) reply.get(5);
		if (unwritten > 0) {
			this.throttled.warn("claim-dead-letter", "Listener '" + this.listenerId + "' could not write " + unwritten
					+ " dead letters of " + this.settings.describe() + " to " + this.settings.deadLetterKey()
					+ " (of the wrong type, or out of memory?); those entries stay pending and are tried again");
		}
		for (Object handed : (List<?>) reply.get(4)) {
			List<?> exhausted = (List<?>) handed;
			StreamEntry entry = StreamEntry.fromScript(exhausted);
			deadLetter(entry, REASON_MAX_DELIVERIES, new String((byte[]) exhausted.get(3), StandardCharsets.UTF_8),
					entry.deliveries() - 1);
		}
		return new Claimed(new String((byte[]) reply.get(0), StandardCharsets.UTF_8), entries, (Long) reply.get(2));
	}

	private void undecodable(StreamEntry entry, PayloadDecodingException ex) {
		if (canDeadLetter()) {
			deadLetter(entry, REASON_DECODE, NotRetryable.describe(ex), entry.deliveries());
			return;
		}
		logger.warn("Listener '" + this.listenerId + "' cannot decode entry " + entry.id() + " of "
				+ this.settings.describe() + "; it is skipped" + (this.settings.isGroup() ? " and stays pending" : "")
				+ ": " + ex.getMessage());
	}

	/**
	 * Steps 4 and 5: dead-letters an entry through the customizer's route, if there is a customizer, with one script.
	 */
	private void deadLetter(StreamEntry entry, String reason, String exception, long deliveries) {
		Route route = this.deadLetters.route(() -> failedMessage(entry, deliveries), reason, this.settings.key(),
				this.settings.deadLetterKey());
		List<byte[]> args = new ArrayList<>();
		args.add(bytes(this.settings.group()));
		args.add(bytes(entry.id()));
		Map<String, String> fields = new LinkedHashMap<>(route.headers());
		fields.putAll(Map.of(DeadLetterFields.REASON, reason, DeadLetterFields.EXCEPTION, exception,
				DeadLetterFields.DELIVERIES, Long.toString(deliveries), DeadLetterFields.LISTENER, this.listenerId,
				DeadLetterFields.SOURCE_ID, entry.id(), DeadLetterFields.AT, Instant.now().toString()));
		fields.forEach((name, value) -> {
			args.add(bytes(name));
			args.add(bytes(value));
		});
		byte[][] keys = { bytes(this.settings.key()), bytes(route.destination()), this.failuresKey };
		try {
			DEAD_LETTER.run(this.connections.commands(), ScriptOutputType.INTEGER, keys, args.toArray(byte[][]::new))
				.toCompletableFuture()
				.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			notDeadLettered(entry, reason, ex);
			return;
		}
		catch (Exception ex) {
			notDeadLettered(entry, reason, ex);
			return;
		}
		this.metrics.deadLettered(this.settings.key(), reason, 1);
		logger.warn("Listener '" + this.listenerId + "' dead-lettered entry " + entry.id() + " of "
				+ this.settings.describe() + " to " + route.destination() + " (" + reason + ", " + deliveries
				+ " deliveries): " + exception);
	}

	private void notDeadLettered(StreamEntry entry, String reason, Exception ex) {
		logger.warn("Listener '" + this.listenerId + "' could not dead-letter entry " + entry.id() + " of "
				+ this.settings.describe() + " (" + reason + "); "
				+ (isPending() ? "it stays pending and is retried by pending recovery: " : "it is not delivered again: ")
				+ ex);
	}

	/**
	 * Step 3.
	 */
	private void failed(StreamEntry entry, Throwable failure) {
		String next;
		if (!isPending()) {
			next = "it is not delivered again";
		}
		else if (this.settings.hasDeadLetter() && entry.deliveries() >= this.settings.maxDeliveries()) {
			next = "it stays pending and is dead-lettered after " + this.settings.claimMinIdle().toMillis() + " ms";
		}
		else {
			next = "it stays pending and is delivered again after " + this.settings.claimMinIdle().toMillis() + " ms";
		}
		this.stackTraces.warn("failure", line(entry, entry.deliveries(), failure, next), failure);
		remember(entry, failure);
	}

	private void remember(StreamEntry entry, Throwable failure) {
		if (isPending()) {
			this.connections.commands()
				.hset(this.failuresKey, failureField(entry), bytes(NotRetryable.describe(failure)));
		}
	}

	private String line(StreamEntry entry, long attempt, Throwable failure, String next) {
		String of = this.settings.hasDeadLetter() && isPending() ? " of " + this.settings.maxDeliveries() : "";
		return "Listener '" + this.listenerId + "' failed on entry " + entry.id() + " of " + this.settings.describe()
				+ " (attempt " + attempt + of + "); " + next + ": " + failure;
	}

	/**
	 * Whether an entry that is not acknowledged stays pending, to be delivered again.
	 */
	private boolean isPending() {
		return this.settings.isGroup() && this.settings.ackMode() != AckMode.NONE;
	}

	/**
	 * Whether all deliveries of a failing entry happen in process: with {@code ordering = KEY} one left pending would
	 * be delivered again after the later entries of its key.
	 */
	private boolean deliversInProcess() {
		return this.settings.ordering() == Ordering.KEY && isPending();
	}

	private boolean canDeadLetter() {
		return this.settings.isGroup() && this.settings.hasDeadLetter();
	}

	private FailedMessage failedMessage(StreamEntry entry, long attempt) {
		return new FailedMessage(this.listenerId, ListenerKind.STREAM, this.settings.key(), entry.id(), entry.payload(),
				entry.fields(), attempt);
	}

	private byte[] failureField(StreamEntry entry) {
		return bytes(this.settings.group() + "/" + entry.id());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * What one run of the {@code CLAIM} script returned.
	 * @param next where the next run starts; {@code 0-0} when the pending list was scanned to its end
	 * @param entries the claimed entries, to deliver again
	 * @param deleted how many pending entries had been deleted from the stream
	 */
	record Claimed(String next, List<StreamEntry> entries, long deleted) {
	}

}

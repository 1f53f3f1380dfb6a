package io.github.redismessaging.deadletter;

/**
 * The names of the fields a dead letter carries besides the original message, and the reasons it can give. A
 * stream dead letter is the original entry with these fields added, in the dead-letter stream {@code {s}:dlq}; a
 * queue dead letter is the original envelope with these headers added, in the dead-letter list {@code {q}:dlq}.
 * The same names serve both kinds, the Lua scripts included (they receive them as arguments), and replay drops
 * every field that starts with {@link #PREFIX}.
 */
public final class DeadLetterFields {

	/** Prefix of every dead-letter field; the template's replay removes the fields that start with it. */
	public static final String PREFIX = "dlq.";

	/**
	 * Why it was dead-lettered: one of the {@code REASON_*} values. Written by the stream failure lifecycle (its
	 * claim and dead-letter scripts), by the queue failure lifecycle, and, with the reason an operator gives, by
	 * the template's {@code deadLetter} (pending entries dead-lettered by hand).
	 */
	public static final String REASON = "dlq.reason";

	/**
	 * The last failure, {@code class: message} (for a validation failure the violations), or what made the
	 * message unreadable. Written by the stream and queue failure lifecycles; the stream claim script writes
	 * {@code unknown} when no failure was remembered.
	 */
	public static final String EXCEPTION = "dlq.exception";

	/**
	 * How many times it was delivered, as a decimal number; for a queue, failed and lost (lease-expired)
	 * deliveries together. Written by the stream and queue failure lifecycles.
	 */
	public static final String DELIVERIES = "dlq.deliveries";

	/** The id of the listener that gave up on it. Written by the stream and queue failure lifecycles. */
	public static final String LISTENER = "dlq.listener";

	/**
	 * Its id before it was dead-lettered: the entry id in the source stream, or the queue item's id. Written by
	 * the stream and queue failure lifecycles.
	 */
	public static final String SOURCE_ID = "dlq.source-id";

	/**
	 * When it was dead-lettered, ISO-8601 in UTC ({@code 2025-01-31T12:00:00.123Z}). Written by the stream and
	 * queue failure lifecycles; dead letters written by earlier versions may hold epoch milliseconds instead, which
	 * readers accept too.
	 */
	public static final String AT = "dlq.at";

	/**
	 * The bytes of a queue item that could not be read and are not UTF-8, Base64-encoded (the payload then holds
	 * them decoded as far as they are UTF-8). Written by the queue failure lifecycle only.
	 */
	public static final String RAW_BASE64 = "dlq.raw-base64";

	/**
	 * Reason: a stream entry was delivered {@code maxDeliveries} times without success. Written by the stream
	 * claim script.
	 */
	public static final String REASON_MAX_DELIVERIES = "max-deliveries";

	/** Reason: a queue item failed {@code maxAttempts} times. Written by the queue failure lifecycle. */
	public static final String REASON_MAX_ATTEMPTS = "max-attempts";

	/**
	 * Reason: the lease of a queue item expired {@code maxAttempts} times, or its expiries and failures together
	 * used up its attempts (its holders crashed, or were paused or cut off). Written by the queue failure
	 * lifecycle.
	 */
	public static final String REASON_LEASE_EXPIRED = "lease-expired";

	/**
	 * Reason: the message could not be read or decoded into the listener's payload type, an empty payload
	 * included. Written by the stream and queue failure lifecycles.
	 */
	public static final String REASON_DECODE = "decode";

	/**
	 * Reason: a {@code @Valid} payload broke its constraints. Written by the stream and queue failure
	 * lifecycles.
	 */
	public static final String REASON_VALIDATION = "validation";

	/**
	 * Reason: the listener threw an exception of a class listed in {@code notRetryable}, or caused by one.
	 * Written by the stream and queue failure lifecycles.
	 */
	public static final String REASON_NOT_RETRYABLE = "not-retryable";

	/**
	 * Reason: the listener's error handler decided to dead-letter it. Written by the stream and queue failure
	 * lifecycles.
	 */
	public static final String REASON_ERROR_HANDLER = "error-handler";

	/**
	 * Reason: an operator dead-lettered a pending entry by hand (the endpoint's, and so the console's, "dead-letter
	 * now"), through the template's {@code deadLetter}.
	 */
	public static final String REASON_OPERATOR = "operator";

	private DeadLetterFields() {
	}

}

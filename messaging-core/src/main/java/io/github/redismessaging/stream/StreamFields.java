package io.github.redismessaging.stream;

/**
 * Field names of stream entries written by this library. Entries written by other tools may have any fields;
 * a listener can take {@code Map<String, String>} to get them raw.
 */
public final class StreamFields {

	/** The encoded payload (JSON by default). */
	public static final String PAYLOAD = "payload";

	/** An optional logical type name; never trusted as a Java class name. */
	public static final String TYPE = "type";

	/** Prefix of header fields: header {@code traceparent} is stored as field {@code h.traceparent}. */
	public static final String HEADER_PREFIX = "h.";

	/** Dead letters: why the entry was dead-lettered ({@code max-deliveries} or {@code decode}). */
	public static final String DLQ_REASON = "dlq.reason";

	/** Dead letters: the last exception, {@code class: message}. */
	public static final String DLQ_EXCEPTION = "dlq.exception";

	/** Dead letters: how many times the entry was delivered. */
	public static final String DLQ_DELIVERIES = "dlq.deliveries";

	/** Dead letters: the id of the listener that gave up on it. */
	public static final String DLQ_LISTENER = "dlq.listener";

	/** Dead letters: the entry's id in the source stream. */
	public static final String DLQ_SOURCE_ID = "dlq.source-id";

	/** Dead letters: when it was dead-lettered, epoch milliseconds. */
	public static final String DLQ_AT = "dlq.at";

	/** Prefix of every dead-letter field; stripped when a dead letter is replayed. */
	public static final String DLQ_PREFIX = "dlq.";

	private StreamFields() {
	}

}

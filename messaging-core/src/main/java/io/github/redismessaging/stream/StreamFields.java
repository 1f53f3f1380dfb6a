package io.github.redismessaging.stream;

/**
 * Field names of stream entries written by this library. Entries written by other tools may have any fields;
 * a listener can take {@code Map<String, String>} to get them raw. Dead letters add the fields named in
 * {@link io.github.redismessaging.deadletter.DeadLetterFields}.
 */
public final class StreamFields {

	/** The encoded payload (JSON by default). */
	public static final String PAYLOAD = "payload";

	/** An optional logical type name; never trusted as a Java class name. */
	public static final String TYPE = "type";

	/** Prefix of header fields: header {@code traceparent} is stored as field {@code h.traceparent}. */
	public static final String HEADER_PREFIX = "h.";

	/**
	 * The header that holds a record's key (field {@code h.key}): it chooses the partition of a partitioned stream,
	 * and orders the entries of a listener with {@link Ordering#KEY}.
	 */
	public static final String KEY_HEADER = "key";

	private StreamFields() {
	}

}

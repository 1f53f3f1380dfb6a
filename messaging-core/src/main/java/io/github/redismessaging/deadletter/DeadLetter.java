package io.github.redismessaging.deadletter;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A dead letter of a stream or a queue, in the one shape the template returns and the actuator endpoint shows as
 * JSON. Everything but the ids is read from Redis, where any tool may have written it: a field that is missing
 * or cannot be parsed is {@code null} (or {@code 0} for {@code deliveries}).
 *
 * @param kind {@value #STREAM} or {@value #QUEUE}
 * @param id its id where it is now: the entry id in the dead-letter stream ({@code <partition>:<entry id>} for a
 * partitioned stream, whose partitions each have one), or the queue item's id
 * @param sourceId its id before it was dead-lettered ({@link DeadLetterFields#SOURCE_ID})
 * @param reason why it was dead-lettered, one of the {@code DeadLetterFields.REASON_*} values
 * @param exception the last failure, {@code class: message}
 * @param deliveries how many times it was delivered
 * @param listener the listener that gave up on it
 * @param at when it was dead-lettered
 * @param payload the payload as text (UTF-8), or {@code null} for a stream entry without a {@code payload} field
 * @param fields the rest of the message without the {@code dlq.*} fields: a stream entry's other fields as stored
 * (headers as {@code h.<name>}), a queue item's headers
 * @param rawBase64 the bytes of a queue item that could not be read and are not UTF-8, Base64-encoded
 */
public record DeadLetter(String kind, String id, @Nullable String sourceId, @Nullable String reason,
		@Nullable String exception, long deliveries, @Nullable String listener, @Nullable Instant at,
		@Nullable String payload, Map<String, String> fields, @Nullable String rawBase64) {

	/** The kind of a dead letter of a stream. */
	public static final String STREAM = "stream";

	/** The kind of a dead letter of a queue. */
	public static final String QUEUE = "queue";

}

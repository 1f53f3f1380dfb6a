package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.queue.QueueEnvelope;
import io.github.redismessaging.stream.StreamFields;

/**
 * Reads stream and queue dead letters into the one {@link DeadLetter} shape. The {@code dlq.*} values are
 * untrusted: a value that cannot be parsed reads as absent, never as an exception.
 */
final class DeadLetterReader {

	/** Up to 18 digits always fit a {@code long}, and any {@code long} of milliseconds fits an {@link Instant}. */
	private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

	private DeadLetterReader() {
	}

	/**
	 * A dead letter of a stream.
	 * @param id its id in the dead-letter stream
	 * @param fields its fields as stored
	 * @return the dead letter
	 */
	static DeadLetter stream(String id, Map<String, String> fields) {
		Map<String, String> rest = new LinkedHashMap<>(fields);
		String payload = rest.remove(StreamFields.PAYLOAD);
		return read(DeadLetter.STREAM, id, payload, rest);
	}

	/**
	 * A dead letter of a queue.
	 * @param envelope the item as read from the dead-letter list
	 * @return the dead letter
	 */
	static DeadLetter queue(QueueEnvelope envelope) {
		return read(DeadLetter.QUEUE, envelope.id(), new String(envelope.payload(), StandardCharsets.UTF_8),
				envelope.headers());
	}

	private static DeadLetter read(String kind, String id, @Nullable String payload, Map<String, String> fields) {
		Map<String, String> original = new LinkedHashMap<>();
		Map<String, String> dlq = new LinkedHashMap<>();
		fields.forEach((name, value) -> (name.startsWith(DeadLetterFields.PREFIX) ? dlq : original).put(name, value));
		return new DeadLetter(kind, id, dlq.get(DeadLetterFields.SOURCE_ID), dlq.get(DeadLetterFields.REASON),
				dlq.get(DeadLetterFields.EXCEPTION), deliveries(dlq.get(DeadLetterFields.DELIVERIES)),
				dlq.get(DeadLetterFields.LISTENER), at(dlq.get(DeadLetterFields.AT)), payload, original,
				dlq.get(DeadLetterFields.RAW_BASE64));
	}

	/**
	 * Reads {@value DeadLetterFields#AT}: ISO-8601, or epoch milliseconds as earlier versions wrote for streams.
	 * @param text the value
	 * @return the instant, or {@code null} if absent or unreadable
	 */
	private static @Nullable Instant at(@Nullable String text) {
		if (text == null) {
			return null;
		}
		if (DIGITS.matcher(text).matches()) {
			return Instant.ofEpochMilli(Long.parseLong(text));
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static long deliveries(@Nullable String text) {
		return (text != null && DIGITS.matcher(text).matches()) ? Long.parseLong(text) : 0;
	}

}

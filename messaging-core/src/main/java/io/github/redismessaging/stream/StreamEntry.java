package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.StreamMessage;

/**
 * One entry handed from a fetch loop or from pending recovery to the workers: its id, its fields as stored, the raw
 * {@code payload} field (an empty array if the entry has none) and how many times it has been delivered, this
 * delivery included. The fields are decoded to text only when something asks for them (headers, a failure), so
 * that an entry whose listener takes the payload alone is never decoded twice.
 */
final class StreamEntry {

	private static final byte[] NO_PAYLOAD = new byte[0];

	private static final byte[] PAYLOAD_NAME = StreamFields.PAYLOAD.getBytes(StandardCharsets.UTF_8);

	private static final byte[] HEADER_PREFIX = StreamFields.HEADER_PREFIX.getBytes(StandardCharsets.UTF_8);

	private final String id;

	private final Map<byte[], byte[]> body;

	private final byte[] payload;

	private final long deliveries;

	/** Decoded on first use, by the one thread that handles the entry at a time. */
	private @Nullable Map<String, String> fields;

	private StreamEntry(String id, Map<byte[], byte[]> body, long deliveries) {
		this.id = id;
		this.body = body;
		this.deliveries = deliveries;
		byte[] found = raw(body, PAYLOAD_NAME);
		this.payload = (found != null) ? found : NO_PAYLOAD;
	}

	static StreamEntry of(StreamMessage<byte[], byte[]> message, long deliveries) {
		return new StreamEntry(message.getId(), message.getBody(), deliveries);
	}

	/**
	 * An entry from a script reply: {@code [id, [field, value, ...], deliveries]}.
	 */
	static StreamEntry fromScript(List<?> reply) {
		String id = text((byte[]) reply.get(0));
		List<?> flat = (List<?>) reply.get(1);
		Map<byte[], byte[]> body = new LinkedHashMap<>();
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			body.put((byte[]) flat.get(i), (byte[]) flat.get(i + 1));
		}
		return new StreamEntry(id, body, (Long) reply.get(2));
	}

	/** @return the entry id */
	String id() {
		return this.id;
	}

	/** @return the raw {@code payload} field, or an empty array if the entry has none */
	byte[] payload() {
		return this.payload;
	}

	/** @return how many times the entry has been delivered, this delivery included */
	long deliveries() {
		return this.deliveries;
	}

	/** @return every field, as UTF-8 text, in stored order */
	Map<String, String> fields() {
		Map<String, String> decoded = this.fields;
		if (decoded == null) {
			decoded = new LinkedHashMap<>();
			for (Map.Entry<byte[], byte[]> field : this.body.entrySet()) {
				decoded.put(text(field.getKey()), text(field.getValue()));
			}
			decoded = Collections.unmodifiableMap(decoded);
			this.fields = decoded;
		}
		return decoded;
	}

	/**
	 * The value of one field, without decoding the others.
	 * @param name the field name as UTF-8 bytes
	 * @return its value as UTF-8 text (the last one if the name repeats, as in {@link #fields()}), or {@code null}
	 * if the entry has no such field
	 */
	@Nullable String value(byte[] name) {
		byte[] found = raw(this.body, name);
		return (found != null) ? text(found) : null;
	}

	/**
	 * Passes each header field ({@code h.<name>}) to the action, name without the prefix, in stored order.
	 * @param action receives name and value
	 */
	void forEachHeader(BiConsumer<String, String> action) {
		for (Map.Entry<byte[], byte[]> field : this.body.entrySet()) {
			byte[] name = field.getKey();
			if (name.length >= HEADER_PREFIX.length
					&& Arrays.equals(name, 0, HEADER_PREFIX.length, HEADER_PREFIX, 0, HEADER_PREFIX.length)) {
				action.accept(new String(name, HEADER_PREFIX.length, name.length - HEADER_PREFIX.length,
						StandardCharsets.UTF_8), text(field.getValue()));
			}
		}
	}

	private static byte @Nullable [] raw(Map<byte[], byte[]> body, byte[] name) {
		byte[] found = null;
		for (Map.Entry<byte[], byte[]> field : body.entrySet()) {
			if (Arrays.equals(field.getKey(), name)) {
				// as in fields(), where a repeated name keeps its last value
				found = field.getValue();
			}
		}
		return found;
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}

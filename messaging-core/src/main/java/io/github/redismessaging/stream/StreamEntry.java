package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.StreamMessage;

/**
 * One entry handed from a fetch loop or from pending recovery to the workers.
 *
 * @param id the entry id
 * @param fields every field, as UTF-8 text
 * @param payload the raw {@code payload} field, or an empty array if the entry has none
 * @param deliveries how many times the entry has been delivered, this delivery included
 */
record StreamEntry(String id, Map<String, String> fields, byte[] payload, long deliveries) {

	private static final byte[] NO_PAYLOAD = new byte[0];

	static StreamEntry of(StreamMessage<byte[], byte[]> message, long deliveries) {
		Map<String, String> fields = new LinkedHashMap<>();
		byte[] payload = NO_PAYLOAD;
		for (Map.Entry<byte[], byte[]> field : message.getBody().entrySet()) {
			String name = text(field.getKey());
			fields.put(name, text(field.getValue()));
			if (name.equals(StreamFields.PAYLOAD)) {
				payload = field.getValue();
			}
		}
		return new StreamEntry(message.getId(), fields, payload, deliveries);
	}

	/**
	 * An entry from a script reply: {@code [id, [field, value, ...], deliveries]}.
	 */
	static StreamEntry fromScript(List<?> reply) {
		String id = text((byte[]) reply.get(0));
		List<?> flat = (List<?>) reply.get(1);
		Map<String, String> fields = new LinkedHashMap<>();
		byte[] payload = NO_PAYLOAD;
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			String name = text((byte[]) flat.get(i));
			byte[] value = (byte[]) flat.get(i + 1);
			fields.put(name, text(value));
			if (name.equals(StreamFields.PAYLOAD)) {
				payload = value;
			}
		}
		return new StreamEntry(id, fields, payload, (Long) reply.get(2));
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}

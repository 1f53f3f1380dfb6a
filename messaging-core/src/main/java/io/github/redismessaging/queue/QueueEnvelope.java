package io.github.redismessaging.queue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A queue item: {@code {"id","payload","attempts","headers","enqueuedAt"}}. The payload is the codec's output,
 * embedded as JSON when it is JSON and as a JSON string otherwise. A list element that is not such an envelope
 * (for example pushed by {@code LPUSH emails hello}) is read as a payload with no attempts.
 *
 * @param id the item id, unique per enqueue
 * @param payload the codec's output
 * @param attempts how many times the item has failed
 * @param headers the headers
 * @param enqueuedAt when it was first enqueued, epoch milliseconds; 0 if unknown
 */
public record QueueEnvelope(String id, byte[] payload, int attempts, Map<String, String> headers, long enqueuedAt) {

	private static final JsonMapper MAPPER = JsonMapper.shared();

	/**
	 * A new envelope for a payload.
	 * @param payload the codec's output
	 * @param headers the headers
	 * @return the envelope, with a new id and no attempts
	 */
	public static QueueEnvelope create(byte[] payload, Map<String, String> headers) {
		return new QueueEnvelope(UUID.randomUUID().toString(), payload, 0, headers, System.currentTimeMillis());
	}

	/**
	 * Reads a list element.
	 * @param raw the element as stored
	 * @return the envelope, or a plain payload wrapped as one (its id derived from nothing: {@code raw:<hash>})
	 */
	public static QueueEnvelope read(byte[] raw) {
		JsonNode node = parse(raw);
		if (node == null || !node.isObject() || !node.has("id") || !node.has("payload")) {
			return new QueueEnvelope("raw:" + Integer.toHexString(Arrays.hashCode(raw)), raw, 0, Map.of(), 0);
		}
		JsonNode payload = node.get("payload");
		byte[] bytes = payload.isString() ? payload.asString().getBytes(StandardCharsets.UTF_8)
				: MAPPER.writeValueAsBytes(payload);
		Map<String, String> headers = new LinkedHashMap<>();
		JsonNode headerNode = node.get("headers");
		if (headerNode != null && headerNode.isObject()) {
			headerNode.properties().forEach((entry) -> headers.put(entry.getKey(), entry.getValue().asString()));
		}
		return new QueueEnvelope(node.get("id").asString(), bytes, node.path("attempts").asInt(0), headers,
				node.path("enqueuedAt").asLong(0));
	}

	/**
	 * The envelope as stored.
	 * @return JSON bytes
	 */
	public byte[] write() {
		ObjectNode node = MAPPER.createObjectNode();
		node.put("id", this.id);
		JsonNode payloadNode = parse(this.payload);
		if (payloadNode != null) {
			node.set("payload", payloadNode);
		}
		else {
			node.put("payload", new String(this.payload, StandardCharsets.UTF_8));
		}
		node.put("attempts", this.attempts);
		ObjectNode headerNode = node.putObject("headers");
		this.headers.forEach(headerNode::put);
		node.put("enqueuedAt", this.enqueuedAt);
		return MAPPER.writeValueAsBytes(node);
	}

	/**
	 * The same item after one more failed attempt.
	 * @return the envelope with {@code attempts + 1}
	 */
	public QueueEnvelope failedOnce() {
		return new QueueEnvelope(this.id, this.payload, this.attempts + 1, this.headers, this.enqueuedAt);
	}

	private static JsonNode parse(byte[] bytes) {
		if (bytes.length == 0 || (bytes[0] != '{' && bytes[0] != '[' && bytes[0] != '"')) {
			return null;
		}
		try {
			return MAPPER.readTree(bytes);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}

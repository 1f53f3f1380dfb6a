package io.github.redismessaging.queue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A queue item: {@code {"id","payload","attempts","headers","enqueuedAt"}}. The payload is the codec's output,
 * embedded as JSON when it is JSON, as a JSON string when it is other UTF-8 text, and otherwise (binary codecs) in
 * Base64 with {@code "payloadEncoding":"base64"}, so that no byte is lost. A list element that is not such an envelope
 * (for example pushed by {@code LPUSH emails hello}) is read as a payload with no attempts.
 *
 * @param id the item id, unique per enqueue
 * @param payload the codec's output
 * @param attempts how many deliveries of the item have failed or been lost
 * @param headers the headers
 * @param enqueuedAt when it was first enqueued, epoch milliseconds; 0 if unknown
 */
public record QueueEnvelope(String id, byte[] payload, int attempts, Map<String, String> headers, long enqueuedAt) {

	/**
	 * The header that carries a unique job's key (see {@code EnqueueOptions.unique}), so that the scripts that end
	 * the job can free {@code {queue}:unique:<key>}. A listener reads it as {@code @Header("unique-key")}.
	 */
	public static final String UNIQUE_KEY_HEADER = "unique-key";

	/** The most attempts an envelope read from Redis may claim; more is taken as a damaged item. */
	static final int MAX_ATTEMPTS_READ = 1_000_000;

	private static final JsonMapper MAPPER = JsonMapper.shared();

	/** The field that says how a payload that is not UTF-8 text is stored. */
	private static final String PAYLOAD_ENCODING = "payloadEncoding";

	private static final String BASE64 = "base64";

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
	 * Reads a list element leniently, for inspection: an element that is not a valid envelope is returned whole
	 * as the payload.
	 * @param raw the element as stored
	 * @return the envelope, or the element wrapped as one (its id derived from the bytes: {@code raw:<hash>})
	 */
	public static QueueEnvelope read(byte[] raw) {
		try {
			return decode(raw);
		}
		catch (InvalidItemException ex) {
			return plain(raw);
		}
	}

	/**
	 * Reads a list element strictly: a JSON object with {@code id} and {@code payload} must be a valid envelope.
	 * @param raw the element as stored
	 * @return the envelope, or the element wrapped as a plain payload when it is not shaped like an envelope (an
	 * empty element is an empty payload, which the listener's payload type accepts or fails to decode)
	 * @throws InvalidItemException if the element is an envelope with a field of the wrong type or range
	 */
	static QueueEnvelope decode(byte[] raw) {
		JsonNode node = parse(raw);
		if (node == null || !node.isObject() || !node.has("id") || !node.has("payload")) {
			return plain(raw);
		}
		JsonNode id = node.get("id");
		if (!id.isString() || id.asString().isBlank()) {
			throw new InvalidItemException("'id' is " + describe(id) + ", not a non-blank string");
		}
		JsonNode payload = node.get("payload");
		if (payload.isNull()) {
			throw new InvalidItemException("'payload' is null");
		}
		byte[] bytes = node.has(PAYLOAD_ENCODING) ? base64Payload(node.get(PAYLOAD_ENCODING), payload)
				: payload.isString() ? payload.asString().getBytes(StandardCharsets.UTF_8)
						: MAPPER.writeValueAsBytes(payload);
		return new QueueEnvelope(id.asString(), bytes, attempts(node.get("attempts")), headers(node.get("headers")),
				enqueuedAt(node.get("enqueuedAt")));
	}

	private static byte[] base64Payload(JsonNode encoding, JsonNode payload) {
		if (!encoding.isString() || !encoding.asString().equals(BASE64)) {
			throw new InvalidItemException("'" + PAYLOAD_ENCODING + "' is " + describe(encoding) + ", not \"" + BASE64
					+ "\"");
		}
		if (!payload.isString()) {
			throw new InvalidItemException("'payload' is " + describe(payload) + ", not a Base64 string");
		}
		try {
			return Base64.getDecoder().decode(payload.asString());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidItemException("'payload' is not valid Base64: " + ex.getMessage());
		}
	}

	private static int attempts(JsonNode node) {
		if (node == null || node.isNull()) {
			return 0;
		}
		if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0
				|| node.asLong() > MAX_ATTEMPTS_READ) {
			throw new InvalidItemException("'attempts' is " + describe(node) + ", not a whole number from 0 to "
					+ MAX_ATTEMPTS_READ);
		}
		return (int) node.asLong();
	}

	private static Map<String, String> headers(JsonNode node) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (node == null || node.isNull()) {
			return headers;
		}
		if (!node.isObject()) {
			throw new InvalidItemException("'headers' is " + describe(node) + ", not an object");
		}
		for (Map.Entry<String, JsonNode> header : node.properties()) {
			JsonNode value = header.getValue();
			if (!value.isString() && !value.isNumber() && !value.isBoolean()) {
				throw new InvalidItemException("header '" + header.getKey() + "' is " + describe(value)
						+ ", not a string, number or boolean");
			}
			headers.put(header.getKey(), value.asString());
		}
		return headers;
	}

	private static long enqueuedAt(JsonNode node) {
		if (node == null || node.isNull()) {
			return 0;
		}
		if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
			throw new InvalidItemException("'enqueuedAt' is " + describe(node) + ", not epoch milliseconds");
		}
		return node.asLong();
	}

	private static String describe(JsonNode node) {
		String text = node.toString();
		return node.getNodeType().name().toLowerCase() + " " + ((text.length() > 40) ? text.substring(0, 40) + "…" : text);
	}

	private static QueueEnvelope plain(byte[] raw) {
		return new QueueEnvelope(rawId(raw), raw, 0, Map.of(), 0);
	}

	/**
	 * The id of an element that carries none: {@code raw:} and a hash of its bytes.
	 */
	static String rawId(byte[] raw) {
		return "raw:" + Integer.toHexString(Arrays.hashCode(raw));
	}

	/**
	 * The envelope as stored.
	 * @return JSON bytes
	 */
	public byte[] write() {
		return write(parse(this.payload), true);
	}

	/**
	 * The envelope as stored with the payload always as a JSON string, so that bytes which were not a valid item
	 * are kept as they were (as far as they are UTF-8).
	 * @return JSON bytes
	 */
	byte[] writeWithTextPayload() {
		return write(null, false);
	}

	private byte[] write(@Nullable JsonNode payloadNode, boolean binary) {
		ObjectNode node = MAPPER.createObjectNode();
		node.put("id", this.id);
		if (payloadNode != null) {
			node.set("payload", payloadNode);
		}
		else if (binary && !isUtf8(this.payload)) {
			node.put("payload", Base64.getEncoder().encodeToString(this.payload));
			node.put(PAYLOAD_ENCODING, BASE64);
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
	 * The same item with another count of attempts.
	 * @param attempts the attempts, clamped to at least 0 and at most {@value #MAX_ATTEMPTS_READ}
	 * @return the envelope
	 */
	public QueueEnvelope withAttempts(long attempts) {
		int clamped = (int) Math.max(0, Math.min(MAX_ATTEMPTS_READ, attempts));
		return new QueueEnvelope(this.id, this.payload, clamped, this.headers, this.enqueuedAt);
	}

	/**
	 * The unique key this item holds, as its header names it: read from Redis, so anything but non-blank text is
	 * taken as none. A key is freed only while it still holds this item's id, so a header written by hand frees
	 * nothing it did not take.
	 * @return the key, or {@code null}
	 */
	@Nullable String uniqueKey() {
		String key = this.headers.get(UNIQUE_KEY_HEADER);
		return (key != null && !key.isBlank()) ? key : null;
	}

	/**
	 * Whether bytes are valid UTF-8, so that a JSON string can carry them unchanged.
	 * @param bytes the bytes
	 * @return whether they decode as UTF-8
	 */
	static boolean isUtf8(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static @Nullable JsonNode parse(byte[] bytes) {
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

	/**
	 * A list element that cannot be read as an item; it is dead-lettered with reason {@code decode}.
	 */
	static final class InvalidItemException extends RuntimeException {

		InvalidItemException(String message) {
			super(message);
		}

	}

}

package io.github.redismessaging.codec;

import java.lang.reflect.Type;

import tools.jackson.databind.json.JsonMapper;

/**
 * Turns payload objects into the bytes stored in Redis and back.
 * <p>
 * Every codec must pass {@code String} and {@code byte[]} payloads through unchanged (UTF-8 for strings), so
 * that messages written by other tools ({@code PUBLISH prices hello}) are consumable and messages written by
 * this library are readable by other tools. Implementations never use Java serialization.
 */
public interface PayloadCodec {

	/**
	 * Encodes a payload.
	 * @param payload the payload, never {@code null}
	 * @return the bytes to store
	 */
	byte[] encode(Object payload);

	/**
	 * Decodes bytes into the given target type.
	 * @param data the stored bytes
	 * @param targetType the type the listener asks for, possibly generic
	 * @return the decoded payload
	 * @throws PayloadDecodingException if the bytes cannot be turned into the target type
	 */
	Object decode(byte[] data, Type targetType);

	/**
	 * The default codec: JSON through the given Jackson mapper, with strings and byte arrays passed through.
	 * Polymorphic typing is whatever the mapper is configured with (off in Boot's default mapper).
	 * @param mapper the mapper, usually Boot's auto-configured {@link JsonMapper}
	 * @return a JSON codec
	 */
	static PayloadCodec json(JsonMapper mapper) {
		return new JsonPayloadCodec(mapper);
	}

}

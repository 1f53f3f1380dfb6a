package io.github.redismessaging.codec;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

final class JsonPayloadCodec implements PayloadCodec {

	private static final int PREVIEW_LENGTH = 64;

	private final JsonMapper mapper;

	JsonPayloadCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public byte[] encode(Object payload) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof CharSequence text) {
			return text.toString().getBytes(StandardCharsets.UTF_8);
		}
		return this.mapper.writeValueAsBytes(payload);
	}

	@Override
	public Object decode(byte[] data, Type targetType) {
		if (targetType == byte[].class) {
			return data;
		}
		if (targetType == String.class || targetType == CharSequence.class || targetType == Object.class) {
			return new String(data, StandardCharsets.UTF_8);
		}
		JavaType javaType = this.mapper.constructType(targetType);
		try {
			return this.mapper.readValue(data, javaType);
		}
		catch (JacksonException ex) {
			throw new PayloadDecodingException("Cannot decode payload '" + preview(data) + "' as JSON into "
					+ javaType.toCanonical() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private static String preview(byte[] data) {
		String text = new String(data, StandardCharsets.UTF_8);
		return (text.length() <= PREVIEW_LENGTH) ? text : text.substring(0, PREVIEW_LENGTH) + "...";
	}

}

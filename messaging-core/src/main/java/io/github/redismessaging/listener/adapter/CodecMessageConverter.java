package io.github.redismessaging.listener.adapter;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;
import org.springframework.core.GenericTypeResolver;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.SmartMessageConverter;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.codec.PayloadDecodingException;

/**
 * Converts the raw payload bytes of a Redis message into the listener's payload parameter type, honouring
 * generics ({@code List<Order>}, {@code Message<Order>}) through the method parameter. An empty payload becomes
 * {@code ""} for a {@code String} parameter and a decode failure for any type but {@code String} and
 * {@code byte[]} (which spring-messaging passes through without converting).
 */
final class CodecMessageConverter implements SmartMessageConverter {

	private final PayloadCodec codec;

	CodecMessageConverter(PayloadCodec codec) {
		this.codec = codec;
	}

	@Override
	public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass) {
		return fromMessage(message, targetClass, null);
	}

	@Override
	public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass, @Nullable Object conversionHint) {
		Object payload = message.getPayload();
		if (!(payload instanceof byte[] bytes)) {
			return targetClass.isInstance(payload) ? payload : null;
		}
		return decode(bytes, targetType(targetClass, conversionHint));
	}

	/**
	 * Decodes payload bytes into a type, generics included.
	 * @param bytes the payload as stored
	 * @param targetType the type to decode into
	 * @return the decoded payload, never {@code null}
	 * @throws PayloadDecodingException if the bytes are empty (and the type is not a {@code String}), are not a
	 * valid encoding of the type, or decode to {@code null}
	 */
	Object decode(byte[] bytes, Type targetType) {
		if (targetType == byte[].class) {
			return bytes;
		}
		if (bytes.length == 0 && targetType != String.class && targetType != CharSequence.class) {
			throw new PayloadDecodingException("The payload is empty (or the stream entry has no 'payload' field), "
					+ "which cannot be decoded into " + targetType.getTypeName()
					+ "; only a String or byte[] parameter takes an empty payload", null);
		}
		Object decoded = this.codec.decode(bytes, targetType);
		if (decoded == null) {
			throw new PayloadDecodingException("Payload decodes to null (JSON 'null'), which cannot be passed to "
					+ "a parameter of type " + targetType.getTypeName(), null);
		}
		return decoded;
	}

	/**
	 * The payload type, generics included: for a {@code Message<T>} or {@code Optional<T>} parameter, {@code T}.
	 */
	private static Type targetType(Class<?> targetClass, @Nullable Object conversionHint) {
		if (!(conversionHint instanceof MethodParameter parameter)) {
			return targetClass;
		}
		MethodParameter payload = parameter.nestedIfOptional();
		if (Message.class.isAssignableFrom(payload.getParameterType())) {
			payload = payload.nested();
		}
		return GenericTypeResolver.resolveType(payload.getNestedGenericParameterType(), payload.getContainingClass());
	}

	@Override
	public @Nullable Message<?> toMessage(Object payload, @Nullable MessageHeaders headers) {
		return null;
	}

	@Override
	public @Nullable Message<?> toMessage(Object payload, @Nullable MessageHeaders headers,
			@Nullable Object conversionHint) {
		return null;
	}

}

package io.github.redismessaging.listener;

import java.lang.reflect.Type;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.SmartMessageConverter;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.codec.PayloadDecodingException;

/**
 * Converts the raw payload bytes of a Redis message into the listener's payload parameter type, honouring
 * generics ({@code List<Order>}) through the method parameter.
 */
final class CodecMessageConverter implements SmartMessageConverter {

	private final PayloadCodec codec;

	CodecMessageConverter(PayloadCodec codec) {
		this.codec = codec;
	}

	@Override
	public Object fromMessage(Message<?> message, Class<?> targetClass) {
		return fromMessage(message, targetClass, null);
	}

	@Override
	public Object fromMessage(Message<?> message, Class<?> targetClass, Object conversionHint) {
		Object payload = message.getPayload();
		if (!(payload instanceof byte[] bytes)) {
			return targetClass.isInstance(payload) ? payload : null;
		}
		Type targetType = (conversionHint instanceof MethodParameter parameter)
				? parameter.getNestedGenericParameterType() : targetClass;
		Object decoded = this.codec.decode(bytes, targetType);
		if (decoded == null) {
			throw new PayloadDecodingException("Payload decodes to null (JSON 'null'), which cannot be passed to "
					+ "a parameter of type " + targetType.getTypeName(), null);
		}
		return decoded;
	}

	@Override
	public Message<?> toMessage(Object payload, MessageHeaders headers) {
		return null;
	}

	@Override
	public Message<?> toMessage(Object payload, MessageHeaders headers, Object conversionHint) {
		return null;
	}

}

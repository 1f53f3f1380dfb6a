package io.github.redismessaging.listener.adapter;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.core.GenericTypeResolver;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.GenericMessage;

import io.github.redismessaging.listener.ListenerInvoker;

/**
 * Invokes a listener method through spring-messaging and waits for its asynchronous result, if it returns one.
 * <p>
 * A method whose only parameter is its payload, with no annotation (the common {@code void on(Order order)}), takes
 * a shorter path: the payload is decoded here, with the converter the argument resolvers use, and given to
 * {@link InvocableHandlerMethod} as a provided argument, so that no message, header map or resolver lookup is made
 * per call. The argument is the same either way; so are the exceptions.
 */
final class InvocableListenerInvoker implements ListenerInvoker {

	/** The message of a call whose only argument is provided: nothing reads it. */
	private static final Message<byte[]> PROVIDED = new GenericMessage<>(new byte[0],
			new RedisMessageHeaders(Map.of()));

	private final InvocableHandlerMethod method;

	private final Duration asyncTimeout;

	private final CodecMessageConverter converter;

	/** The payload type of a method that takes the payload alone, {@code null} for any other method. */
	private final @Nullable Type payloadOnly;

	private final Class<?> payloadClass;

	/**
	 * Creates the invoker.
	 * @param method the listener method
	 * @param converter the converter of the payload resolver
	 * @param plainPayload the parameter of a method that takes one plain payload
	 * ({@link ListenerMethodValidator#plainPayloadOnly}), {@code null} for any other method
	 * @param asyncTimeout how long an asynchronous result is awaited
	 */
	InvocableListenerInvoker(InvocableHandlerMethod method, CodecMessageConverter converter,
			@Nullable MethodParameter plainPayload, Duration asyncTimeout) {
		this.method = method;
		this.converter = converter;
		this.asyncTimeout = asyncTimeout;
		this.payloadClass = (plainPayload != null) ? plainPayload.getParameterType() : Object.class;
		this.payloadOnly = (plainPayload != null) ? GenericTypeResolver
			.resolveType(plainPayload.getGenericParameterType(), plainPayload.getContainingClass()) : null;
	}

	@Override
	public boolean usesHeaders() {
		return this.payloadOnly == null;
	}

	@Override
	public void invoke(byte[] payload, Map<String, Object> headers) throws Exception {
		if (this.payloadOnly != null) {
			Object decoded = this.converter.decode(payload, this.payloadOnly);
			if (this.payloadClass.isInstance(decoded)) {
				AsyncResults.await(this.method.invoke(PROVIDED, decoded), this.asyncTimeout);
				return;
			}
		}
		AsyncResults.await(this.method.invoke(new GenericMessage<>(payload, new RedisMessageHeaders(headers))),
				this.asyncTimeout);
	}

	/**
	 * Headers without the random UUID and timestamp that {@link MessageHeaders} would generate for every
	 * message: nothing reads them, and generating them costs more than the rest of the dispatch.
	 */
	static final class RedisMessageHeaders extends MessageHeaders {

		RedisMessageHeaders(Map<String, Object> headers) {
			super(headers, ID_VALUE_NONE, -1L);
		}

	}

}

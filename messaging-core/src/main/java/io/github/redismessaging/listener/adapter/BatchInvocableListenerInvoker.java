package io.github.redismessaging.listener.adapter;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.GenericMessage;

import io.github.redismessaging.listener.adapter.InvocableListenerInvoker.RedisMessageHeaders;

import io.github.redismessaging.listener.BatchListenerInvoker;

/**
 * Invokes a batch listener through spring-messaging: each message is decoded into the List's element type (or a
 * {@code Message} of it), and the method gets the list as its payload.
 */
final class BatchInvocableListenerInvoker implements BatchListenerInvoker {

	private static final RedisMessageHeaders NO_HEADERS = new RedisMessageHeaders(Map.of());

	private final InvocableHandlerMethod method;

	private final Duration asyncTimeout;

	private final CodecMessageConverter converter;

	private final Type payloadType;

	private final boolean messages;

	BatchInvocableListenerInvoker(InvocableHandlerMethod method, MethodParameter list, CodecMessageConverter converter,
			Duration asyncTimeout) {
		this.method = method;
		this.asyncTimeout = asyncTimeout;
		this.converter = converter;
		ResolvableType element = ResolvableType.forMethodParameter(list).getGeneric(0);
		this.messages = Message.class.isAssignableFrom(element.toClass());
		this.payloadType = (this.messages ? element.getGeneric(0) : element).getType();
	}

	@Override
	public Object decode(byte[] payload, Map<String, Object> headers) {
		Object decoded = this.converter.decode(payload, this.payloadType);
		return this.messages ? new GenericMessage<>(decoded, new RedisMessageHeaders(headers)) : decoded;
	}

	@Override
	public void invokeBatch(List<Object> elements) throws Exception {
		// A copy the listener cannot change: the index it names must point at the element it failed on.
		AsyncResults.await(this.method.invoke(new GenericMessage<>(List.copyOf(elements), NO_HEADERS)),
				this.asyncTimeout);
	}

}

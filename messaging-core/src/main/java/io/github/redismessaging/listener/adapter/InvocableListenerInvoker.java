package io.github.redismessaging.listener.adapter;

import java.time.Duration;
import java.util.Map;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.GenericMessage;

import io.github.redismessaging.listener.ListenerInvoker;

/**
 * Invokes a listener method through spring-messaging and waits for its asynchronous result, if it returns one.
 */
final class InvocableListenerInvoker implements ListenerInvoker {

	private final InvocableHandlerMethod method;

	private final Duration asyncTimeout;

	InvocableListenerInvoker(InvocableHandlerMethod method, Duration asyncTimeout) {
		this.method = method;
		this.asyncTimeout = asyncTimeout;
	}

	@Override
	public void invoke(byte[] payload, Map<String, Object> headers) throws Exception {
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

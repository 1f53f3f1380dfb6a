package io.github.redismessaging.listener;

import java.util.Map;

import io.github.redismessaging.codec.PayloadDecodingException;

/**
 * Invokes a listener method for one message, resolving its arguments (payload, headers) through
 * spring-messaging.
 */
public interface ListenerInvoker {

	/**
	 * Invokes the method.
	 * @param payload the raw payload bytes as stored in Redis
	 * @param headers the message headers, see {@link RedisHeaders}
	 * @throws PayloadDecodingException if the payload cannot be converted to the method's payload type
	 * @throws Exception whatever the listener method throws
	 */
	void invoke(byte[] payload, Map<String, Object> headers) throws Exception;

	/**
	 * Whether the method reads any header. When it does not (it takes the payload alone), a container may pass an
	 * empty map instead of building the headers of every message.
	 * @return {@code false} only if {@link #invoke} ignores the headers
	 */
	default boolean usesHeaders() {
		return true;
	}

}

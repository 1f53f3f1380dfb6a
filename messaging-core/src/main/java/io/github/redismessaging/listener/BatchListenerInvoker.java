package io.github.redismessaging.listener;

import java.util.List;
import java.util.Map;

import io.github.redismessaging.codec.PayloadDecodingException;

/**
 * Invokes a batch listener: a method whose payload parameter is a {@code List<T>} or {@code List<Message<T>>}.
 * Each message is decoded on its own first, so that one undecodable message is dead-lettered without failing the
 * others; the method is then called once with the decoded ones.
 */
public interface BatchListenerInvoker extends ListenerInvoker {

	/**
	 * Decodes one message into a list element.
	 * @param payload the raw payload bytes as stored in Redis
	 * @param headers the message headers, see {@link RedisHeaders}
	 * @return a {@code T}, or a {@code Message<T>} carrying the headers
	 * @throws PayloadDecodingException if the payload cannot be converted to {@code T}
	 */
	Object decode(byte[] payload, Map<String, Object> headers);

	/**
	 * Invokes the method once with the elements, and waits for its asynchronous result, if it returns one.
	 * @param elements what {@link #decode} returned, in the order the messages were read
	 * @throws BatchListenerFailedException if the listener names the element that failed
	 * @throws Exception whatever else the listener method throws
	 */
	void invokeBatch(List<Object> elements) throws Exception;

	/**
	 * Invokes the method with a list of one message.
	 */
	@Override
	default void invoke(byte[] payload, Map<String, Object> headers) throws Exception {
		invokeBatch(List.of(decode(payload, headers)));
	}

}

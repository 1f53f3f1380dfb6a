package io.github.redismessaging.listener;

import java.util.Map;

/**
 * A message whose listener call failed, as a {@link RedisListenerErrorHandler} sees it.
 *
 * @param listenerId the listener id
 * @param kind the listener kind: {@link ListenerKind#STREAM} or {@link ListenerKind#QUEUE}
 * @param destination the stream or queue key
 * @param id the stream entry id, or the queue item id
 * @param payload the payload as stored
 * @param headers the stream entry's fields, or the queue item's headers
 * @param attempt which delivery of the message failed, from 1
 */
public record FailedMessage(String listenerId, ListenerKind kind, String destination, String id, byte[] payload,
		Map<String, String> headers, long attempt) {

}

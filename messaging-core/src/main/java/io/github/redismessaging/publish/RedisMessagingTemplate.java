package io.github.redismessaging.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.metrics.MessagingObservations;
import io.github.redismessaging.stream.StreamRecord;
import io.github.redismessaging.stream.Trim;

/**
 * Publishes, appends and enqueues messages, and reads streams, queues and their dead letters. Payloads are
 * encoded with the {@link PayloadCodec}: strings and byte arrays as they are, other objects as JSON by default.
 * Stream and queue names get the configured key prefix. Thread-safe; all calls share one pipelined connection
 * and block until Redis answers.
 */
public interface RedisMessagingTemplate {

	/**
	 * Publishes to a channel with PUBLISH.
	 * @param channel the channel
	 * @param payload the payload
	 * @return the number of subscribers that received it; in a cluster, only those connected to the node that
	 * handled the command, although Redis delivers it to subscribers on every node
	 */
	long publish(String channel, Object payload);

	/**
	 * Publishes to a sharded channel with SPUBLISH (Redis 7); in a cluster it goes to the master that owns the
	 * channel's slot.
	 * @param channel the sharded channel
	 * @param payload the payload
	 * @return the number of subscribers that received it
	 */
	long publishSharded(String channel, Object payload);

	/**
	 * Appends an entry with field {@code payload} (XADD).
	 * @param stream the stream
	 * @param payload the payload
	 * @return the entry id
	 */
	default String append(String stream, Object payload) {
		return append(stream, payload, Map.of(), null);
	}

	/**
	 * Appends an entry with field {@code payload} and a field {@code h.<name>} per header.
	 * @param stream the stream
	 * @param payload the payload
	 * @param headers the headers
	 * @return the entry id
	 */
	default String append(String stream, Object payload, Map<String, String> headers) {
		return append(stream, payload, headers, null);
	}

	/**
	 * Appends an entry and trims the stream in the same XADD.
	 * @param stream the stream
	 * @param payload the payload
	 * @param headers the headers
	 * @param trim retention by length or age, or {@code null} for none
	 * @return the entry id
	 */
	String append(String stream, Object payload, Map<String, String> headers, Trim trim);

	/**
	 * Reads entries from oldest to newest (XRANGE).
	 * @param <T> the payload type
	 * @param stream the stream
	 * @param from the lowest id, inclusive, or {@code -}
	 * @param to the highest id, inclusive, or {@code +}
	 * @param count the maximum number of entries
	 * @param payloadType the type to decode the {@code payload} field into
	 * @return the entries
	 */
	<T> List<StreamRecord<T>> range(String stream, String from, String to, int count, Class<T> payloadType);

	/**
	 * Reads entries from newest to oldest (XREVRANGE).
	 * @param <T> the payload type
	 * @param stream the stream
	 * @param from the highest id, inclusive, or {@code +}
	 * @param to the lowest id, inclusive, or {@code -}
	 * @param count the maximum number of entries
	 * @param payloadType the type to decode the {@code payload} field into
	 * @return the entries
	 */
	<T> List<StreamRecord<T>> reverseRange(String stream, String from, String to, int count, Class<T> payloadType);

	/**
	 * Reads the oldest entries of a stream's dead-letter stream {@code {stream}:dlq}, in the same
	 * {@link DeadLetter} shape as a queue's dead letters.
	 * @param stream the source stream
	 * @param count the maximum number of dead letters
	 * @return the dead letters, oldest first
	 */
	default List<DeadLetter> deadLetters(String stream, int count) {
		return deadLetters(stream, null, count);
	}

	/**
	 * Reads a page of a stream's dead letters: those after a given dead-letter id, oldest first. Pass the id of
	 * the last dead letter of a page to get the next one.
	 * @param stream the source stream
	 * @param afterId the dead-letter id to start after (exclusive), or {@code null} to start at the oldest
	 * @param count the maximum number of dead letters
	 * @return the dead letters, oldest first
	 */
	List<DeadLetter> deadLetters(String stream, String afterId, int count);

	/**
	 * Moves the oldest dead letters of a stream or a queue back to it, where they are delivered again as new
	 * entries or items (without their {@code dlq.*} fields, with their attempts reset). Each move is atomic.
	 * @param name the stream or queue
	 * @param count how many at most
	 * @return how many were moved
	 */
	int replayDeadLetters(String name, int count);

	/**
	 * Moves the given dead letters of a stream back to it, atomically; ids no longer in the dead-letter stream
	 * are skipped.
	 * @param stream the stream
	 * @param deadLetterIds ids in the dead-letter stream
	 * @return how many were moved
	 */
	int replayDeadLetters(String stream, Collection<String> deadLetterIds);

	/**
	 * Adds an item to a queue (LPUSH of a JSON envelope).
	 * @param queue the queue
	 * @param payload the payload
	 * @return the item id
	 */
	default String enqueue(String queue, Object payload) {
		return enqueue(queue, payload, Map.of());
	}

	/**
	 * Adds an item with headers to a queue.
	 * @param queue the queue
	 * @param payload the payload
	 * @param headers the headers
	 * @return the item id
	 */
	String enqueue(String queue, Object payload, Map<String, String> headers);

	/**
	 * Adds several items in one LPUSH, in order.
	 * @param queue the queue
	 * @param payloads the payloads
	 * @return the item ids
	 */
	List<String> enqueueAll(String queue, Collection<?> payloads);

	/**
	 * Adds an item only if the queue already exists (LPUSHX), for caches such as per-user timelines that only
	 * active users have.
	 * @param queue the queue
	 * @param payload the payload
	 * @return whether the item was added
	 */
	boolean enqueueIfExists(String queue, Object payload);

	/**
	 * Adds an item that becomes available after a delay, through {@code {queue}:delayed}.
	 * @param queue the queue
	 * @param payload the payload
	 * @param delay the delay
	 * @return the item id
	 */
	default String enqueueDelayed(String queue, Object payload, Duration delay) {
		return enqueueDelayed(queue, payload, Instant.now().plus(delay));
	}

	/**
	 * Adds an item that becomes available at a time; a listener of the queue moves it in when it is due.
	 * @param queue the queue
	 * @param payload the payload
	 * @param at when
	 * @return the item id
	 */
	String enqueueDelayed(String queue, Object payload, Instant at);

	/**
	 * The number of items waiting in a queue (LLEN); delayed and in-flight items not included.
	 * @param queue the queue
	 * @return the size
	 */
	long queueSize(String queue);

	/**
	 * The next items a listener will take, without taking them.
	 * @param <T> the payload type
	 * @param queue the queue
	 * @param count how many at most
	 * @param payloadType the type to decode payloads into
	 * @return the payloads, next first
	 */
	<T> List<T> peek(String queue, int count, Class<T> payloadType);

	/**
	 * The oldest items of a queue's dead-letter list {@code {queue}:dlq}, in the same {@link DeadLetter} shape as
	 * a stream's dead letters.
	 * @param queue the queue
	 * @param count how many at most
	 * @return the dead letters, oldest first
	 */
	default List<DeadLetter> queueDeadLetters(String queue, int count) {
		return queueDeadLetters(queue, 0, count);
	}

	/**
	 * Reads a page of a queue's dead letters, oldest first.
	 * @param queue the queue
	 * @param offset how many of the oldest to skip
	 * @param count how many at most
	 * @return the dead letters, oldest first
	 */
	List<DeadLetter> queueDeadLetters(String queue, int offset, int count);

	/**
	 * Creates a template without a key prefix.
	 * @param connections the connections to Redis
	 * @param codec encodes payloads
	 * @return the template
	 */
	static RedisMessagingTemplate create(RedisConnections connections, PayloadCodec codec) {
		return create(connections, codec, KeyNames.NO_PREFIX);
	}

	/**
	 * Creates a template.
	 * @param connections the connections to Redis
	 * @param codec encodes payloads
	 * @param keys the key prefix and companion key names
	 * @return the template
	 */
	static RedisMessagingTemplate create(RedisConnections connections, PayloadCodec codec, KeyNames keys) {
		return create(connections, codec, keys, MessagingObservations.none());
	}

	/**
	 * Creates a template whose appends and enqueues are observed: with Micrometer Tracing, the trace context
	 * travels in the message headers to the listener.
	 * @param connections the connections to Redis
	 * @param codec encodes payloads
	 * @param keys the key prefix and companion key names
	 * @param observations the observations
	 * @return the template
	 */
	static RedisMessagingTemplate create(RedisConnections connections, PayloadCodec codec, KeyNames keys,
			MessagingObservations observations) {
		return new DefaultRedisMessagingTemplate(connections, codec, keys, observations);
	}

}

package io.github.redismessaging.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.metrics.MessagingObservations;
import io.github.redismessaging.stream.StreamFields;
import io.github.redismessaging.stream.StreamRecord;
import io.github.redismessaging.stream.Trim;

/**
 * Publishes, appends and enqueues messages; reads streams, queues and their dead letters; and inspects consumer
 * groups, delayed items and leases, for operations tools. Payloads are encoded with the {@link PayloadCodec}:
 * strings and byte arrays as they are, other objects as JSON by default. Stream and queue names get the configured
 * key prefix. Thread-safe; all calls share one pipelined connection and block until Redis answers, except writes
 * that wait for replicas ({@link Durability}), which run on a connection of their own.
 * <p>
 * Appends, enqueues, batch enqueues and delayed enqueues without options take an optional {@link Durability}. Those
 * given none, options included, use the template's default: {@link Durability#none()} unless the template was
 * created with another, as the property {@code redis.messaging.producer.durability.replicas} does.
 * <p>
 * <b>Partitioned streams.</b> A stream partitioned by its listener ({@code @StreamListener(partitions = "12")}) or
 * by {@link #partitionStream(String, int)} is split over several stream keys ({@code {orders/0}} to
 * {@code {orders/11}}, see {@link StreamPartitions}). Every stream method takes its logical name. An append goes to
 * one partition: the one of its record key (header {@value StreamFields#KEY_HEADER}, which
 * {@link #appendKeyed(String, String, Object)} writes), else, for an idempotent append, the one of its idempotency
 * key, else the next partition in turn. Reads and operator actions cover every partition. Entry ids are per
 * partition, so the dead letters and pending entries of a partitioned stream have the ids
 * {@code <partition>:<entry id>}, for example {@code 3:1700000000000-0}, and the methods that act on them take those.
 * Whether a stream is partitioned is read from Redis on first use; that it is not is trusted for 1 s (see
 * {@link #partitionStream(String, int)}).
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
	 * Appends an entry with a record key, written as the header {@value StreamFields#KEY_HEADER} (field
	 * {@code h.key}). On a partitioned stream the key chooses the partition ({@link StreamPartitions#keyFor(String)}:
	 * CRC32 of its UTF-8 bytes modulo the partition count), so the entries of one key stay in one partition, in
	 * order; a listener with {@code ordering = KEY} handles them one at a time. On a plain stream the key is a header.
	 * <p>
	 * The key comes before the payload, as in Kafka's {@code send(topic, key, value)}. The method is not named
	 * {@code append}, since {@code append(stream, key, payload)} would make {@code append(stream, "text", durability)}
	 * and the other appends of a text payload with three arguments ambiguous.
	 * @param stream the stream
	 * @param key the record key
	 * @param payload the payload
	 * @return the entry id, in the key's partition
	 * @throws IllegalArgumentException if the key is blank
	 */
	default String appendKeyed(String stream, String key, Object payload) {
		return appendKeyed(stream, key, payload, Map.of());
	}

	/**
	 * Appends an entry with a record key and headers (see {@link #appendKeyed(String, String, Object)}); the key
	 * replaces a header {@value StreamFields#KEY_HEADER} among the headers.
	 * @param stream the stream
	 * @param key the record key
	 * @param payload the payload
	 * @param headers the headers
	 * @return the entry id, in the key's partition
	 * @throws IllegalArgumentException if the key is blank
	 */
	default String appendKeyed(String stream, String key, Object payload, Map<String, String> headers) {
		Map<String, String> keyed = new LinkedHashMap<>(headers);
		keyed.put(StreamFields.KEY_HEADER, Arguments.name(key, "key"));
		return append(stream, payload, keyed);
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
	 * Appends an entry with field {@code payload} and returns once the replicas that the durability asks for have
	 * it (XADD, then WAIT on the same connection).
	 * @param stream the stream
	 * @param payload the payload
	 * @param durability how many replicas must acknowledge the entry, and how long to wait for them
	 * @return the entry id
	 * @throws DurabilityException if fewer replicas acknowledged the entry within the timeout; it was appended
	 */
	default String append(String stream, Object payload, Durability durability) {
		return append(stream, payload, Map.of(), null, durability);
	}

	/**
	 * Appends an entry, trims the stream in the same XADD, and returns once the replicas that the durability asks
	 * for have it (WAIT on the same connection; see {@link Durability}).
	 * @param stream the stream
	 * @param payload the payload
	 * @param headers the headers
	 * @param trim retention by length or age, or {@code null} for none
	 * @param durability how many replicas must acknowledge the entry, and how long to wait for them
	 * @return the entry id
	 * @throws DurabilityException if fewer replicas acknowledged the entry within the timeout; it was appended
	 */
	String append(String stream, Object payload, Map<String, String> headers, @Nullable Trim trim,
			Durability durability);

	/**
	 * Appends an entry with field {@code payload} once per idempotency key: an append retried with the same key
	 * within the key's window (for example after its reply was lost) adds no second entry and returns the first
	 * entry's id. See {@link AppendOptions} for the window and what it does not cover.
	 * @param stream the stream
	 * @param payload the payload
	 * @param options the idempotency key and its window
	 * @return the id of the entry appended now, or of the one the key names
	 * @throws IllegalArgumentException if the stream name is blank
	 */
	default String append(String stream, Object payload, AppendOptions options) {
		return append(stream, payload, Map.of(), null, options);
	}

	/**
	 * Appends an entry with headers and trims the stream in the same step, once per idempotency key (see
	 * {@link #append(String, Object, AppendOptions)}). One script on the stream's slot checks the key
	 * {@code {stream}:idem:<key>}, appends (XADD) and remembers the entry's id under the key.
	 * @param stream the stream
	 * @param payload the payload
	 * @param headers the headers
	 * @param trim retention by length or age, or {@code null} for none
	 * @param options the idempotency key and its window
	 * @return the id of the entry appended now, or of the one the key names
	 * @throws IllegalArgumentException if the stream name is blank
	 */
	String append(String stream, Object payload, Map<String, String> headers, @Nullable Trim trim,
			AppendOptions options);

	/**
	 * Partitions a stream, or checks that it is partitioned so: records the partition count in {@code {stream}:meta}
	 * unless a count is recorded there already, and fails if that count is another. A listener with
	 * {@code partitions} does the same when it starts.
	 * <p>
	 * The template finds out on first use whether a stream is partitioned, and trusts "not partitioned" for 1 s. A
	 * producer that starts before any listener of a partitioned stream should therefore call this first: otherwise
	 * its appends up to 1 s after the listener partitioned the stream go to the plain stream key, which no
	 * partitioned listener reads.
	 * @param stream the logical stream's name, without braces
	 * @param partitions the number of partitions, 1 to 1024; fixed once recorded
	 * @return the stream's partitions: their keys, and which one a record key goes to
	 * @throws IllegalArgumentException if the name is blank or has braces, or the count is out of range
	 * @throws io.github.redismessaging.stream.PartitionCountMismatchException if another count is recorded
	 * @throws IllegalStateException if {@code {stream}:meta} is damaged (its message says how to repair it)
	 */
	StreamPartitions partitionStream(String stream, int partitions);

	/**
	 * Reads entries from oldest to newest (XRANGE). On a partitioned stream, from every partition, merged by entry id
	 * (which orders them by time): each keeps its entry id, which an entry of another partition may share.
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
	 * Reads entries from newest to oldest (XREVRANGE); a partitioned stream's as {@link #range} merges them.
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
	 * the last dead letter of a page to get the next one. A partitioned stream's dead letters come from every
	 * partition's {@code {orders/3}:dlq}, in entry id order, then partition order, with the ids
	 * {@code <partition>:<entry id>}.
	 * @param stream the source stream
	 * @param afterId the dead-letter id to start after (exclusive), or {@code null} to start at the oldest; for a
	 * partitioned stream also a plain entry id, which starts after that id in every partition
	 * @param count the maximum number of dead letters
	 * @return the dead letters, oldest first
	 */
	List<DeadLetter> deadLetters(String stream, String afterId, int count);

	/**
	 * Moves the oldest dead letters of a stream or a queue back to it, where they are delivered again as new
	 * entries or items (without their {@code dlq.*} fields, with their attempts reset). Each move is atomic. A
	 * partitioned stream's oldest dead letters of all partitions go back to their own partitions.
	 * @param name the stream or queue
	 * @param count how many at most
	 * @return how many were moved
	 */
	int replayDeadLetters(String name, int count);

	/**
	 * Moves the given dead letters of a stream back to it, atomically; ids no longer in the dead-letter stream
	 * are skipped. A partitioned stream's dead letters go back to their own partitions, partition by partition.
	 * @param stream the stream
	 * @param deadLetterIds ids in the dead-letter stream; for a partitioned stream {@code <partition>:<entry id>}
	 * @return how many were moved
	 */
	int replayDeadLetters(String stream, Collection<String> deadLetterIds);

	/**
	 * Deletes dead letters of a stream or a queue by the ids {@link #deadLetters(String, String, int)} and
	 * {@link #queueDeadLetters(String, int, int)} show. Like {@link #replayDeadLetters(String, int)}, it tells the
	 * kinds apart by the type of {@code {name}:dlq}: from a stream's dead-letter stream the entries are deleted
	 * (XDEL); from a queue's dead-letter list every element with one of the ids is removed, each atomically (LREM of
	 * the element as stored). Ids no longer there are skipped.
	 * @param name the stream or queue
	 * @param ids dead-letter ids: entry ids in the dead-letter stream ({@code <partition>:<entry id>} for a
	 * partitioned stream), or queue item ids
	 * @return how many dead letters were deleted; 0 when there is no dead-letter key
	 * @throws IllegalArgumentException if the name is blank, an id is blank, or, for a stream, an id is not an
	 * entry id such as {@code 1700000000000-0} (for a partitioned stream, such as {@code 3:1700000000000-0})
	 */
	int deleteDeadLetters(String name, Collection<String> ids);

	/**
	 * The oldest entries delivered to a consumer group and not yet acknowledged (XPENDING, extended form).
	 * @param stream the stream
	 * @param group the consumer group
	 * @param count how many at most, at least 1; more than 1000 reads 1000
	 * @return the pending entries, oldest first
	 * @throws IllegalArgumentException if a name is blank or the count below 1
	 * @throws io.lettuce.core.RedisCommandExecutionException ({@code NOGROUP}) if the stream or the group does not
	 * exist
	 */
	default List<PendingEntry> pending(String stream, String group, int count) {
		return pending(stream, group, null, count);
	}

	/**
	 * The oldest entries delivered to one consumer of a group and not yet acknowledged (XPENDING, extended form,
	 * with a consumer). On a partitioned stream, from every partition where the group exists, merged by entry id,
	 * with the ids {@code <partition>:<entry id>}; {@code NOGROUP} only when it exists in none.
	 * @param stream the stream
	 * @param group the consumer group
	 * @param consumer the consumer, or {@code null} for every consumer of the group
	 * @param count how many at most, at least 1; more than 1000 reads 1000
	 * @return the pending entries, oldest first
	 * @throws IllegalArgumentException if a name is blank or the count below 1
	 * @throws io.lettuce.core.RedisCommandExecutionException ({@code NOGROUP}) if the stream or the group does not
	 * exist
	 */
	List<PendingEntry> pending(String stream, String group, @Nullable String consumer, int count);

	/**
	 * Claims pending entries of a group for a consumer (XCLAIM with JUSTID), for example to take entries away from a
	 * consumer that is stuck. An entry idle for less than {@code minIdle} stays with its consumer, so that an entry
	 * a live consumer is still working on is not taken from it; an id that is not pending in the group is skipped.
	 * The delivery counts are not raised, and the entries are not delivered: the consumer finds them in its pending
	 * entries. On a partitioned stream the ids are {@code <partition>:<entry id>}, all checked first, then claimed
	 * partition by partition, and the ids claimed come back in that form and order.
	 * @param stream the stream
	 * @param group the consumer group
	 * @param consumer the consumer to give the entries to; Redis creates it if the group does not have it
	 * @param minIdle how long an entry must have been idle to be claimed, zero or positive
	 * @param ids the entry ids
	 * @return the ids claimed, in the order given
	 * @throws IllegalArgumentException if a name is blank, {@code minIdle} is negative, or an id is not an entry id
	 * @throws io.lettuce.core.RedisCommandExecutionException ({@code NOGROUP}) if the stream or the group does not
	 * exist
	 */
	List<String> claim(String stream, String group, String consumer, Duration minIdle, Collection<String> ids);

	/**
	 * Dead-letters pending entries of a group now, as the listener would after their last delivery, for an operator
	 * who gives up on entries that keep failing or block a consumer. For each id pending in the group, one script
	 * on the stream's slot adds a dead letter to {@code {stream}:dlq} and then acknowledges the entry (XACK), so an
	 * entry is never acknowledged without its dead letter. The dead letter has the entry's fields and
	 * {@code dlq.reason} (the given reason), {@code dlq.exception} (the failure the group's listener remembered for
	 * the entry, or {@code dead-lettered by an operator}), {@code dlq.deliveries} (the delivery count XPENDING
	 * shows), {@code dlq.source-id} and {@code dlq.at}; it has no {@code dlq.listener}. It reads back through
	 * {@link #deadLetters(String, String, int)} and replays like any other.
	 * <p>
	 * An id that is not pending in the group (acknowledged, never delivered or unknown) is skipped. An entry deleted
	 * from the stream while pending is dead-lettered with the {@code dlq.*} fields alone, as the failure lifecycle
	 * does; such a dead letter has nothing to replay. The entries stay in the stream, as acknowledged entries do.
	 * A bare {@code <ms>} id means {@code <ms>-0}. On a partitioned stream the ids are
	 * {@code <partition>:<entry id>}, all checked first; each partition's are dead-lettered by one script on its slot.
	 * @param stream the stream
	 * @param group the consumer group
	 * @param ids the entry ids, at most 1000
	 * @param reason the {@code dlq.reason} to write, for example {@code operator}
	 * @return how many entries were dead-lettered
	 * @throws IllegalArgumentException if a name or the reason is blank, an id is not an entry id such as
	 * {@code 1700000000000-0}, or there are more than 1000 ids
	 * @throws io.lettuce.core.RedisCommandExecutionException ({@code NOGROUP}) if the stream or the group does not
	 * exist, or if {@code {stream}:dlq} is not a stream; nothing was changed then
	 */
	int deadLetter(String stream, String group, Collection<String> ids, String reason);

	/**
	 * Describes a stream and its consumer groups (XINFO STREAM, GROUPS and CONSUMERS), with the lag corrected as
	 * {@link StreamInfo.Group} describes. At most 1000 groups, with at most 1000 consumers each. A partitioned
	 * stream's info adds its partitions' up: lengths, and each group's pending entries and lag, are sums; the first
	 * and last ids are the oldest and newest of any partition, as is a group's last delivered id; a consumer's
	 * pending entries are summed and its idle time is the shortest.
	 * @param stream the stream
	 * @return the info, or empty if the stream does not exist
	 * @throws IllegalArgumentException if the name is blank
	 */
	Optional<StreamInfo> info(String stream);

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
	 * Adds an item to a queue and returns once the replicas that the durability asks for have it (LPUSH, then WAIT
	 * on the same connection).
	 * @param queue the queue
	 * @param payload the payload
	 * @param durability how many replicas must acknowledge the item, and how long to wait for them
	 * @return the item id
	 * @throws DurabilityException if fewer replicas acknowledged the item within the timeout; it was enqueued
	 */
	default String enqueue(String queue, Object payload, Durability durability) {
		return enqueue(queue, payload, Map.of(), durability);
	}

	/**
	 * Adds an item with headers to a queue and returns once the replicas that the durability asks for have it
	 * (see {@link Durability}).
	 * @param queue the queue
	 * @param payload the payload
	 * @param headers the headers
	 * @param durability how many replicas must acknowledge the item, and how long to wait for them
	 * @return the item id
	 * @throws DurabilityException if fewer replicas acknowledged the item within the timeout; it was enqueued
	 */
	String enqueue(String queue, Object payload, Map<String, String> headers, Durability durability);

	/**
	 * Adds a unique job to a queue, unless a job with the same key is queued, delayed or leased: then nothing is
	 * written and the result names the job that holds the key. See {@link EnqueueOptions} for when the key is freed.
	 * @param queue the queue
	 * @param payload the payload
	 * @param options the unique key and its TTL
	 * @return whether the item was added, and its id or the id of the job that holds the key
	 * @throws IllegalArgumentException if the queue name is blank
	 */
	default EnqueueResult enqueue(String queue, Object payload, EnqueueOptions options) {
		return enqueue(queue, payload, Map.of(), options);
	}

	/**
	 * Adds a unique job with headers to a queue (see {@link #enqueue(String, Object, EnqueueOptions)}). One script
	 * on the queue's slot checks the key {@code {queue}:unique:<key>}, pushes the item (LPUSH) and takes the key for
	 * it; the item carries the key in its header {@code unique-key}.
	 * @param queue the queue
	 * @param payload the payload
	 * @param headers the headers
	 * @param options the unique key and its TTL
	 * @return whether the item was added, and its id or the id of the job that holds the key
	 * @throws IllegalArgumentException if the queue name is blank
	 */
	EnqueueResult enqueue(String queue, Object payload, Map<String, String> headers, EnqueueOptions options);

	/**
	 * Adds several items in one LPUSH, in order.
	 * @param queue the queue
	 * @param payloads the payloads
	 * @return the item ids
	 */
	List<String> enqueueAll(String queue, Collection<?> payloads);

	/**
	 * Adds several items in one LPUSH, in order, and returns once the replicas that the durability asks for have
	 * them (see {@link Durability}).
	 * @param queue the queue
	 * @param payloads the payloads
	 * @param durability how many replicas must acknowledge the items, and how long to wait for them
	 * @return the item ids
	 * @throws DurabilityException if fewer replicas acknowledged the items within the timeout; they were enqueued
	 */
	List<String> enqueueAll(String queue, Collection<?> payloads, Durability durability);

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
	 * Adds an item that becomes available after a delay, and returns once the replicas that the durability asks for
	 * have it (see {@link Durability}).
	 * @param queue the queue
	 * @param payload the payload
	 * @param delay the delay
	 * @param durability how many replicas must acknowledge the item, and how long to wait for them
	 * @return the item id
	 * @throws DurabilityException if fewer replicas acknowledged the item within the timeout; it was enqueued
	 */
	default String enqueueDelayed(String queue, Object payload, Duration delay, Durability durability) {
		return enqueueDelayed(queue, payload, Instant.now().plus(delay), durability);
	}

	/**
	 * Adds an item that becomes available at a time (ZADD to {@code {queue}:delayed}), and returns once the replicas
	 * that the durability asks for have it (see {@link Durability}).
	 * @param queue the queue
	 * @param payload the payload
	 * @param at when
	 * @param durability how many replicas must acknowledge the item, and how long to wait for them
	 * @return the item id
	 * @throws DurabilityException if fewer replicas acknowledged the item within the timeout; it was enqueued
	 */
	String enqueueDelayed(String queue, Object payload, Instant at, Durability durability);

	/**
	 * Adds a unique job that becomes available after a delay, unless a job with the same key is queued, delayed or
	 * leased (see {@link #enqueueDelayed(String, Object, Instant, EnqueueOptions)}).
	 * @param queue the queue
	 * @param payload the payload
	 * @param delay the delay
	 * @param options the unique key and its TTL
	 * @return whether the item was added, and its id or the id of the job that holds the key
	 * @throws IllegalArgumentException if the queue name is blank
	 */
	default EnqueueResult enqueueDelayed(String queue, Object payload, Duration delay, EnqueueOptions options) {
		return enqueueDelayed(queue, payload, Instant.now().plus(delay), options);
	}

	/**
	 * Adds a unique job that becomes available at a time, unless a job with the same key is queued, delayed or
	 * leased. The key is held from now on, and its TTL counts from the due time.
	 * @param queue the queue
	 * @param payload the payload
	 * @param at when
	 * @param options the unique key and its TTL
	 * @return whether the item was added, and its id or the id of the job that holds the key
	 * @throws IllegalArgumentException if the queue name is blank
	 */
	EnqueueResult enqueueDelayed(String queue, Object payload, Instant at, EnqueueOptions options);

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
	 * The items waiting in a queue's delayed set {@code {queue}:delayed}: enqueued for later, or failed and waiting
	 * for their retry. Nothing is changed.
	 * @param queue the queue
	 * @param count how many at most, at least 1; more than 1000 reads 1000
	 * @return the items, soonest due first
	 * @throws IllegalArgumentException if the name is blank or the count below 1
	 */
	List<DelayedItem> delayed(String queue, int count);

	/**
	 * The takes of an at-least-once queue under lease ({@link QueueLease}): which consumer holds how many items until
	 * when. Nothing is changed.
	 * @param queue the queue
	 * @param count how many at most, at least 1; more than 1000 reads 1000
	 * @return the leases, soonest deadline first
	 * @throws IllegalArgumentException if the name is blank or the count below 1
	 */
	List<QueueLease> leases(String queue, int count);

	/**
	 * Pauses a queue for every consumer, wherever it runs: from their next fetch cycle on, no instance takes an
	 * item from it, until {@link #resumeQueue(String)}. Nothing is lost: items stay in the queue, and what consumers
	 * already hold is finished (leases are extended as usual). Delayed items still become due (they wait in the
	 * queue). The pause is the flag {@code {queue}:paused} in Redis, so it outlives restarts. Pausing one listener
	 * in one process ({@code RedisListenerRegistry.container(id).pause()}) is separate.
	 * @param queue the queue
	 * @throws IllegalArgumentException if the name is blank
	 */
	void pauseQueue(String queue);

	/**
	 * Resumes a queue paused with {@link #pauseQueue(String)}: every consumer takes from it again from its next
	 * fetch cycle on.
	 * @param queue the queue
	 * @return whether it was paused
	 * @throws IllegalArgumentException if the name is blank
	 */
	boolean resumeQueue(String queue);

	/**
	 * Whether a queue is paused for every consumer ({@link #pauseQueue(String)}).
	 * @param queue the queue
	 * @return whether it is
	 * @throws IllegalArgumentException if the name is blank
	 */
	boolean isQueuePaused(String queue);

	/**
	 * Adds a recurring job, or replaces the schedule of that name: on each tick of the schedule, one job with the
	 * payload goes to the queue, however many instances run, with the headers {@link Schedule#NAME_HEADER} (the name)
	 * and {@link Schedule#TICK_HEADER} (the tick). The schedule lives in Redis ({@code {schedules}:due} and
	 * {@code {schedules}:definitions}, after the key prefix), so it outlives restarts; every application with the
	 * auto-configuration fires due schedules through {@link #fireDueSchedules()}. Ticks missed while no instance ran
	 * produce one catch-up job, for the latest of them, not one per missed tick.
	 * @param name the schedule's name, at most 256 characters
	 * @param queue the queue each job goes to
	 * @param payload the payload of every job, encoded once, now
	 * @param schedule when it fires
	 * @throws IllegalArgumentException if the name or queue is blank, the name too long, the payload or schedule
	 * null, or a cron expression has no tick left
	 */
	void schedule(String name, String queue, Object payload, Schedule schedule);

	/**
	 * Every recurring job, as stored in Redis; a definition that cannot be read is left out (and logged).
	 * @return the schedules, in no particular order
	 */
	List<ScheduledJob> schedules();

	/**
	 * Removes a recurring job; jobs it already produced stay in their queue.
	 * @param name the schedule's name
	 * @return whether it existed
	 * @throws IllegalArgumentException if the name is blank
	 */
	boolean unschedule(String name);

	/**
	 * Enqueues one job for each recurring job that is due now (by the Redis server's clock) and moves it to its next
	 * tick; concurrent calls from any number of instances produce one job per tick. The auto-configuration calls it
	 * every {@code redis.messaging.schedules.interval}; without it, call it periodically yourself. A schedule that
	 * cannot be fired is logged and does not keep the others from firing.
	 * @return how many jobs this call enqueued (a tick whose job another call enqueued counts there)
	 */
	int fireDueSchedules();

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
		return create(connections, codec, keys, observations, Durability.none());
	}

	/**
	 * Creates a template whose appends and enqueues are observed, and whose appends, enqueues, batch enqueues and
	 * delayed enqueues that are given no {@link Durability} wait for replicas as {@code durability} asks.
	 * @param connections the connections to Redis
	 * @param codec encodes payloads
	 * @param keys the key prefix and companion key names
	 * @param observations the observations
	 * @param durability the durability of writes that are given none, for example {@link Durability#none()}
	 * @return the template
	 */
	static RedisMessagingTemplate create(RedisConnections connections, PayloadCodec codec, KeyNames keys,
			MessagingObservations observations, Durability durability) {
		return new DefaultRedisMessagingTemplate(connections, codec, keys, observations, durability);
	}

}

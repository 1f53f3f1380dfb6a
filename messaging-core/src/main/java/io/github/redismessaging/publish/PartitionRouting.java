package io.github.redismessaging.publish;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.publish.PartitionLookup.Partitioned;
import io.github.redismessaging.stream.StreamFields;
import io.github.redismessaging.stream.StreamRecord;
import io.github.redismessaging.stream.Trim;

/**
 * Sends the template's stream operations by logical name where they belong: for a plain stream, to the operations
 * on its key; for a partitioned one ({@link PartitionLookup}), appends to one partition's key and everything else to
 * {@link PartitionedReads} and {@link PartitionedInfo}, over all partitions.
 * <p>
 * On a partitioned stream an entry with a record key (header {@value StreamFields#KEY_HEADER}) goes to that key's
 * partition; an idempotent append without one to its idempotency key's partition, so that its retries meet the
 * first append's idempotency key ({@code {stream/3}:idem:<key>}, in the partition's slot); any other append to the
 * next partition in turn.
 */
final class PartitionRouting {

	private final PartitionLookup lookup;

	/** Operations by name, with the key prefix. */
	private final StreamOperations streams;

	/** Appends to partition keys, which have the key prefix already. */
	private final StreamOperations partitionStreams;

	private final StreamGroupOperations groups;

	private final StreamInfoQuery streamInfo;

	private final DeadLetterDeletion deadLetterDeletion;

	private final PendingDeadLettering pendingDeadLettering;

	private final PartitionedReads partitioned;

	private final PartitionedInfo partitionedInfo;

	PartitionRouting(RedisConnections connections, PayloadCodec codec, KeyNames keys) {
		this.lookup = new PartitionLookup(connections, keys);
		this.streams = new StreamOperations(connections, codec, keys);
		this.partitionStreams = new StreamOperations(connections, codec, KeyNames.NO_PREFIX);
		this.groups = new StreamGroupOperations(connections, keys);
		this.streamInfo = new StreamInfoQuery(connections, keys);
		this.deadLetterDeletion = new DeadLetterDeletion(connections, keys);
		this.pendingDeadLettering = new PendingDeadLettering(connections, keys);
		this.partitioned = new PartitionedReads(connections, codec);
		this.partitionedInfo = new PartitionedInfo(connections);
	}

	StreamPartitions declare(String stream, int count) {
		return this.lookup.declare(stream, count);
	}

	String append(String stream, Object payload, Map<String, String> headers, @Nullable Trim trim,
			Durability durability) {
		Partitioned found = this.lookup.find(stream);
		return (found != null)
				? this.partitionStreams.append(found.keyFor(headers.get(StreamFields.KEY_HEADER)), payload, headers,
						trim, durability)
				: this.streams.append(stream, payload, headers, trim, durability);
	}

	String appendIdempotent(String stream, Object payload, Map<String, String> headers, @Nullable Trim trim,
			AppendOptions options, Durability durability) {
		Partitioned found = this.lookup.find(stream);
		if (found == null) {
			return this.streams.appendIdempotent(stream, payload, headers, trim, options, durability);
		}
		String recordKey = headers.get(StreamFields.KEY_HEADER);
		String partitionKey = found.keyFor((recordKey != null) ? recordKey : options.idempotencyKey());
		return this.partitionStreams.appendIdempotent(partitionKey, payload, headers, trim, options, durability);
	}

	<T> List<StreamRecord<T>> range(String stream, String from, String to, int count, Class<T> type,
			boolean reverse) {
		StreamPartitions partitions = partitions(stream);
		return (partitions != null) ? this.partitioned.range(partitions, from, to, count, type, reverse)
				: this.streams.range(stream, from, to, count, type, reverse);
	}

	List<DeadLetter> deadLetters(String stream, @Nullable String afterId, int count) {
		StreamPartitions partitions = partitions(stream);
		return (partitions != null) ? this.partitioned.deadLetters(partitions, afterId, count)
				: this.streams.deadLetters(stream, afterId, count);
	}

	int replay(String stream, int count) {
		StreamPartitions partitions = partitions(stream);
		return (partitions != null) ? this.partitioned.replay(partitions, count)
				: this.streams.replay(stream, count, List.of());
	}

	int replay(String stream, Collection<String> deadLetterIds) {
		StreamPartitions partitions = partitions(stream);
		return (partitions != null) ? this.partitioned.replay(partitions, deadLetterIds)
				: this.streams.replay(stream, 0, deadLetterIds);
	}

	/**
	 * Deletes dead letters of a partitioned stream, or of a plain stream or a queue ({@link DeadLetterDeletion}).
	 */
	int deleteDeadLetters(String name, Collection<String> ids) {
		StreamPartitions partitions = partitions(name);
		return (partitions != null) ? this.partitioned.deleteDeadLetters(partitions, ids)
				: this.deadLetterDeletion.delete(name, ids);
	}

	List<PendingEntry> pending(String stream, String group, @Nullable String consumer, int count) {
		StreamPartitions partitions = partitions(stream);
		return (partitions != null) ? this.partitioned.pending(partitions, group, consumer, count)
				: this.groups.pending(stream, group, consumer, count);
	}

	List<String> claim(String stream, String group, String consumer, Duration minIdle, Collection<String> ids) {
		StreamPartitions partitions = partitions(stream);
		return (partitions != null) ? this.partitioned.claim(partitions, group, consumer, minIdle, ids)
				: this.groups.claim(stream, group, consumer, minIdle, ids);
	}

	int deadLetter(String stream, String group, Collection<String> ids, String reason) {
		StreamPartitions partitions = partitions(stream);
		return (partitions != null) ? this.partitioned.deadLetter(partitions, group, ids, reason)
				: this.pendingDeadLettering.deadLetter(stream, group, ids, reason);
	}

	Optional<StreamInfo> info(String stream) {
		StreamPartitions partitions = partitions(stream);
		return (partitions != null) ? this.partitionedInfo.info(partitions) : this.streamInfo.info(stream);
	}

	private @Nullable StreamPartitions partitions(String stream) {
		Partitioned found = this.lookup.find(stream);
		return (found != null) ? found.partitions() : null;
	}

}

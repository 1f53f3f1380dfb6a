package io.github.redismessaging.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.RedisCommandExecutionException;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.publish.PartitionIds.Sourced;
import io.github.redismessaging.stream.StreamEntryId;
import io.github.redismessaging.stream.StreamRecord;

/**
 * The template's reads and operator actions on a partitioned stream by its logical name, over all its partitions:
 * each partition is read as a plain stream (its key as it is, with its own {@code :dlq} companion), and what they
 * read is merged in entry id order (then partition order) up to the count. Dead letters and pending entries carry
 * the ids of {@link PartitionIds}, {@code <partition>:<entry id>}; replay, deletion, claims and dead-lettering take
 * those, check all of them first, and act on each partition in turn. Stream entries keep their entry ids.
 */
final class PartitionedReads {

	/** Reads and replays partitions by their keys, which have the key prefix already. */
	private final StreamOperations streams;

	private final DeadLetterDeletion deadLetterDeletion;

	private final StreamGroupOperations groups;

	private final PendingDeadLettering pendingDeadLettering;

	PartitionedReads(RedisConnections connections, PayloadCodec codec) {
		this.streams = new StreamOperations(connections, codec, KeyNames.NO_PREFIX);
		this.deadLetterDeletion = new DeadLetterDeletion(connections, KeyNames.NO_PREFIX);
		this.groups = new StreamGroupOperations(connections, KeyNames.NO_PREFIX);
		this.pendingDeadLettering = new PendingDeadLettering(connections, KeyNames.NO_PREFIX);
	}

	<T> List<StreamRecord<T>> range(StreamPartitions partitions, String from, String to, int count, Class<T> type,
			boolean reverse) {
		List<Sourced<StreamRecord<T>>> read = new ArrayList<>();
		for (int i = 0; i < partitions.count(); i++) {
			for (StreamRecord<T> record : this.streams.range(partitions.keys().get(i), from, to, count, type,
					reverse)) {
				read.add(new Sourced<>(i, record.id(), record));
			}
		}
		return PartitionIds.merge(read, count, reverse).stream().map(Sourced::value).toList();
	}

	/**
	 * A page of dead letters after a dead-letter id: a partitioned one ({@code <partition>:<entry id>}), or a plain
	 * entry id, which reads as that entry id in every partition.
	 */
	List<DeadLetter> deadLetters(StreamPartitions partitions, @Nullable String afterId, int count) {
		return oldestDeadLetters(partitions, afterId, count).stream().map(PartitionedReads::withPartitionedId).toList();
	}

	int replay(StreamPartitions partitions, int count) {
		Map<Integer, List<String>> ids = new TreeMap<>();
		for (Sourced<DeadLetter> deadLetter : oldestDeadLetters(partitions, null, count)) {
			ids.computeIfAbsent(deadLetter.partition(), (partition) -> new ArrayList<>()).add(deadLetter.entryId());
		}
		return sum(partitions, ids, (key, entryIds) -> this.streams.replay(key, 0, entryIds));
	}

	int replay(StreamPartitions partitions, Collection<String> ids) {
		return sum(partitions, PartitionIds.byPartition(partitions, ids),
				(key, entryIds) -> this.streams.replay(key, 0, entryIds));
	}

	int deleteDeadLetters(StreamPartitions partitions, Collection<String> ids) {
		return sum(partitions, PartitionIds.byPartition(partitions, ids), this.deadLetterDeletion::delete);
	}

	/**
	 * The oldest pending entries of the group over all partitions. A partition where the group does not exist
	 * (yet) is skipped; only when it exists in none does this fail ({@code NOGROUP}), as for a plain stream.
	 */
	List<PendingEntry> pending(StreamPartitions partitions, String group, @Nullable String consumer, int count) {
		List<Sourced<PendingEntry>> read = new ArrayList<>();
		RedisCommandExecutionException noGroup = null;
		int withGroup = 0;
		for (int i = 0; i < partitions.count(); i++) {
			try {
				for (PendingEntry entry : this.groups.pending(partitions.keys().get(i), group, consumer, count)) {
					read.add(new Sourced<>(i, entry.id(), entry));
				}
				withGroup++;
			}
			catch (RedisCommandExecutionException ex) {
				if (ex.getMessage() == null || !ex.getMessage().startsWith("NOGROUP")) {
					throw ex;
				}
				noGroup = ex;
			}
		}
		if (noGroup != null && withGroup == 0) {
			throw noGroup;
		}
		return PartitionIds.merge(read, Arguments.count(count), false)
			.stream()
			.map((entry) -> new PendingEntry(entry.id(), entry.value().consumer(), entry.value().idle(),
					entry.value().deliveries()))
			.toList();
	}

	/**
	 * Claims pending entries partition by partition; the ids claimed come back in that order.
	 */
	List<String> claim(StreamPartitions partitions, String group, String consumer, Duration minIdle,
			Collection<String> ids) {
		Arguments.name(group, "group");
		Arguments.name(consumer, "consumer");
		Arguments.minIdleMillis(minIdle);
		List<String> claimed = new ArrayList<>();
		PartitionIds.byPartition(partitions, ids).forEach((partition, entryIds) -> {
			for (String id : this.groups.claim(partitions.keys().get(partition), group, consumer, minIdle, entryIds)) {
				claimed.add(PartitionIds.of(partition, id));
			}
		});
		return claimed;
	}

	int deadLetter(StreamPartitions partitions, String group, Collection<String> ids, String reason) {
		Arguments.name(group, "group");
		Arguments.name(reason, "reason");
		Map<Integer, List<String>> byPartition = PartitionIds.byPartition(partitions, ids);
		int total = byPartition.values().stream().mapToInt(List::size).sum();
		if (total > Arguments.MAX_COUNT) {
			throw new IllegalArgumentException("at most " + Arguments.MAX_COUNT + " ids at a time, not " + total);
		}
		return sum(partitions, byPartition,
				(key, entryIds) -> this.pendingDeadLettering.deadLetter(key, group, entryIds, reason));
	}

	/**
	 * The oldest dead letters after an id, in id order: in partitions up to the id's, those after its entry id; in
	 * the partitions after it, those from its entry id on, since they come after it in the merged order.
	 */
	private List<Sourced<DeadLetter>> oldestDeadLetters(StreamPartitions partitions, @Nullable String afterId,
			int count) {
		PartitionIds.Id after = (afterId != null) ? after(partitions, afterId) : null;
		List<Sourced<DeadLetter>> read = new ArrayList<>();
		for (int i = 0; i < partitions.count(); i++) {
			String start = (after == null) ? null
					: (i <= after.partition()) ? after.entryId() : previous(after.entryId());
			for (DeadLetter deadLetter : this.streams.deadLetters(partitions.keys().get(i), start, count)) {
				read.add(new Sourced<>(i, deadLetter.id(), deadLetter));
			}
		}
		return PartitionIds.merge(read, count, false);
	}

	private static PartitionIds.Id after(StreamPartitions partitions, String afterId) {
		if (afterId.indexOf(':') >= 0) {
			return PartitionIds.parse(partitions, afterId);
		}
		StreamEntryId plain = StreamEntryId.parse(afterId);
		if (plain == null) {
			throw new IllegalArgumentException("'" + afterId + "' is neither an id of partitioned stream '"
					+ partitions.name() + "' (such as 3:1700000000000-0) nor a stream entry id");
		}
		return new PartitionIds.Id(partitions.count() - 1, plain.toString());
	}

	/** The id just before an entry id, or {@code null} (read from the start) for {@code 0-0}. */
	private static @Nullable String previous(String entryId) {
		StreamEntryId previous = StreamEntryId.parse(entryId).previous();
		return (previous != null) ? previous.toString() : null;
	}

	private static DeadLetter withPartitionedId(Sourced<DeadLetter> read) {
		DeadLetter letter = read.value();
		return new DeadLetter(letter.kind(), read.id(), letter.sourceId(), letter.reason(), letter.exception(),
				letter.deliveries(), letter.listener(), letter.at(), letter.payload(), letter.fields(),
				letter.rawBase64());
	}

	private static int sum(StreamPartitions partitions, Map<Integer, List<String>> ids,
			BiFunction<String, List<String>, Integer> action) {
		int total = 0;
		for (Map.Entry<Integer, List<String>> partition : ids.entrySet()) {
			total += action.apply(partitions.keys().get(partition.getKey()), partition.getValue());
		}
		return total;
	}

}

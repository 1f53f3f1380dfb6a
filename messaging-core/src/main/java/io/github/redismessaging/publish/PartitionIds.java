package io.github.redismessaging.publish;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.stream.StreamEntryId;

/**
 * The ids of a partitioned stream's dead letters and pending entries, which the template gives out and takes back
 * to replay, delete, claim or dead-letter them: {@code <partition>:<entry id>}, for example
 * {@code 3:1700000000000-0}, since entry ids are per partition and two partitions can hold the same one. Lists that
 * merge the partitions are in entry id order, then partition order.
 */
final class PartitionIds {

	private static final Pattern SHAPE = Pattern.compile("(\\d{1,4}):(.+)");

	/** Entry ids as Redis orders them; text that is not one (Redis never answers such) goes first. */
	static final Comparator<String> ENTRY_ORDER = (a, b) -> {
		StreamEntryId x = StreamEntryId.parse(a);
		StreamEntryId y = StreamEntryId.parse(b);
		if (x == null || y == null) {
			return (x == null) ? ((y == null) ? a.compareTo(b) : -1) : 1;
		}
		int millis = Long.compareUnsigned(x.millis(), y.millis());
		return (millis != 0) ? millis : Long.compareUnsigned(x.sequence(), y.sequence());
	};

	private static final Comparator<Sourced<?>> ORDER = Comparator.<Sourced<?>, String>comparing(Sourced::entryId,
			ENTRY_ORDER).thenComparingInt(Sourced::partition);

	private PartitionIds() {
	}

	static String of(int partition, String entryId) {
		return partition + ":" + entryId;
	}

	/**
	 * Reads an id, its entry id in the exact form {@code <ms>-<seq>}.
	 * @throws IllegalArgumentException if it is not {@code <partition>:<entry id>} with a partition of the stream
	 */
	static Id parse(StreamPartitions partitions, @Nullable String id) {
		Matcher matcher = SHAPE.matcher((id != null) ? id : "");
		StreamEntryId entryId = matcher.matches() ? StreamEntryId.parse(matcher.group(2)) : null;
		if (entryId != null && Integer.parseInt(matcher.group(1)) < partitions.count()) {
			return new Id(Integer.parseInt(matcher.group(1)), entryId.toString());
		}
		throw new IllegalArgumentException("'" + id + "' is not an id of partitioned stream '" + partitions.name()
				+ "': those are <partition>:<entry id>, such as 3:1700000000000-0, with a partition from 0 to "
				+ (partitions.count() - 1));
	}

	/**
	 * The entry ids of each partition, without repeats, in the order given. All are checked before any is used.
	 * @throws IllegalArgumentException if the ids are null or one is not an id of the stream
	 */
	static Map<Integer, List<String>> byPartition(StreamPartitions partitions, @Nullable Collection<String> ids) {
		if (ids == null) {
			throw new IllegalArgumentException("ids must not be null");
		}
		Map<Integer, List<String>> grouped = new TreeMap<>();
		for (String id : new LinkedHashSet<>(ids)) {
			Id parsed = parse(partitions, id);
			grouped.computeIfAbsent(parsed.partition(), (partition) -> new ArrayList<>()).add(parsed.entryId());
		}
		return grouped;
	}

	/**
	 * The first of what the partitions read, in id order.
	 * @param read what each partition read, in any order
	 * @param count how many at most
	 * @param newestFirst whether the order is from newest to oldest
	 */
	static <T> List<Sourced<T>> merge(List<Sourced<T>> read, int count, boolean newestFirst) {
		List<Sourced<T>> sorted = new ArrayList<>(read);
		sorted.sort(newestFirst ? ORDER.reversed() : ORDER);
		return sorted.subList(0, Math.min(Math.max(count, 0), sorted.size()));
	}

	/**
	 * An id of a partitioned stream, read.
	 *
	 * @param partition the partition number
	 * @param entryId the entry id in that partition, {@code <ms>-<seq>}
	 */
	record Id(int partition, String entryId) {

	}

	/**
	 * Something a partition read, with where it came from.
	 *
	 * @param <T> what was read
	 * @param partition the partition number
	 * @param entryId its entry id in that partition
	 * @param value what was read
	 */
	record Sourced<T>(int partition, String entryId, T value) {

		/**
		 * Its id among the stream's partitions.
		 */
		String id() {
			return of(this.partition, this.entryId);
		}

	}

}

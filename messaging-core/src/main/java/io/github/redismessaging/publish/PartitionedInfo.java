package io.github.redismessaging.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;

/**
 * The {@link StreamInfo} of a partitioned stream: its partitions' infos added up, each read as a plain stream's.
 * <ul>
 * <li>The length is the sum; the first entry id the oldest partition's first, the last entry id the newest
 * partition's last (entry ids of different partitions compare by time).</li>
 * <li>A group is summed over the partitions that have it: its pending count and lag are sums (the lag is unknown if
 * one partition's is), its last delivered id is the newest of its partitions'. A consumer's pending count is the
 * sum, its idle time the shortest.</li>
 * </ul>
 * Empty when no partition exists.
 */
final class PartitionedInfo {

	private final StreamInfoQuery query;

	PartitionedInfo(RedisConnections connections) {
		this.query = new StreamInfoQuery(connections, KeyNames.NO_PREFIX);
	}

	Optional<StreamInfo> info(StreamPartitions partitions) {
		long length = 0;
		String first = null;
		String last = null;
		boolean found = false;
		Map<String, List<StreamInfo.Group>> groups = new LinkedHashMap<>();
		for (String key : partitions.keys()) {
			StreamInfo info = this.query.info(key).orElse(null);
			if (info != null) {
				found = true;
				length += info.length();
				first = pick(first, info.firstEntryId(), false);
				last = pick(last, info.lastEntryId(), true);
				for (StreamInfo.Group group : info.groups()) {
					groups.computeIfAbsent(group.name(), (name) -> new ArrayList<>()).add(group);
				}
			}
		}
		List<StreamInfo.Group> summed = groups.values().stream().map(PartitionedInfo::sum).toList();
		return found ? Optional.of(new StreamInfo(length, first, last, summed)) : Optional.empty();
	}

	private static StreamInfo.Group sum(List<StreamInfo.Group> partitions) {
		long pending = 0;
		Long lag = 0L;
		String lastDelivered = null;
		Map<String, StreamInfo.Consumer> consumers = new LinkedHashMap<>();
		for (StreamInfo.Group group : partitions) {
			pending += group.pending();
			lag = (lag != null && group.lag() != null) ? Long.valueOf(lag + group.lag()) : null;
			lastDelivered = pick(lastDelivered, group.lastDeliveredId(), true);
			for (StreamInfo.Consumer consumer : group.consumers()) {
				consumers.merge(consumer.name(), consumer, (a, b) -> new StreamInfo.Consumer(a.name(),
						a.pending() + b.pending(), min(a.idle(), b.idle())));
			}
		}
		return new StreamInfo.Group(partitions.get(0).name(), pending, lag, lastDelivered,
				List.copyOf(consumers.values()));
	}

	/** The older or newer of two entry ids, either of which may be missing. */
	private static @Nullable String pick(@Nullable String current, @Nullable String candidate, boolean newest) {
		if (current == null || candidate == null) {
			return (current != null) ? current : candidate;
		}
		int order = PartitionIds.ENTRY_ORDER.compare(candidate, current);
		return (newest ? order > 0 : order < 0) ? candidate : current;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}

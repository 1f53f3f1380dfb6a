package io.github.redismessaging.queue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The leases this consumer holds, per queue: from the moment a take's reply is read until the item's outcome is
 * confirmed by Redis (finished, retried, dead-lettered) or given up. Their deadlines are extended while they are
 * held. Each lease remembers whether a worker has started on its item, so that a stopping consumer can give back
 * at once what it never started.
 */
final class HeldLeases {

	/** Lease ids are counted up by Redis: a shorter number is an older lease. */
	private static final Comparator<String> OLDEST_FIRST = Comparator.comparingInt(String::length)
		.thenComparing(Comparator.naturalOrder());

	private final Map<QueueKeys, Map<String, Boolean>> byQueue = new ConcurrentHashMap<>();

	void hold(QueueItem item) {
		if (item.leaseId() != null) {
			leases(item.queue()).put(item.leaseId(), Boolean.FALSE);
		}
	}

	void started(QueueItem item) {
		if (item.leaseId() != null) {
			leases(item.queue()).replace(item.leaseId(), Boolean.TRUE);
		}
	}

	void release(QueueItem item) {
		if (item.leaseId() != null) {
			leases(item.queue()).remove(item.leaseId());
		}
	}

	/**
	 * The leases held on a queue, oldest first.
	 */
	List<String> all(QueueKeys queue) {
		return List.copyOf(leases(queue).keySet());
	}

	/**
	 * Forgets the leases on a queue whose items no worker started, and returns them, oldest first.
	 */
	List<String> removeUnstarted(QueueKeys queue) {
		List<String> unstarted = new ArrayList<>();
		leases(queue).forEach((id, started) -> {
			if (!started && leases(queue).remove(id, Boolean.FALSE)) {
				unstarted.add(id);
			}
		});
		return unstarted;
	}

	int count(QueueKeys queue) {
		return leases(queue).size();
	}

	private Map<String, Boolean> leases(QueueKeys queue) {
		return this.byQueue.computeIfAbsent(queue, (key) -> new ConcurrentSkipListMap<>(OLDEST_FIRST));
	}

}

package io.github.redismessaging.queue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The takes this consumer holds, per queue: from the moment a take's reply is read until every item of it has an
 * outcome and Redis has confirmed the take's end. Their leases are extended while they are held. Each item
 * remembers whether a worker started on it, so that a stopping consumer can give back at once what it never
 * started.
 */
final class HeldTakes {

	private final String consumer;

	private final AtomicLong sequence = new AtomicLong();

	private final Map<QueueKeys, Map<String, Take>> byQueue = new ConcurrentHashMap<>();

	HeldTakes(String consumer) {
		this.consumer = consumer;
	}

	/**
	 * A take id no other take of any consumer has: the consumer name is unique per instance.
	 */
	String nextTakeId() {
		return this.consumer + ":" + this.sequence.incrementAndGet();
	}

	void hold(QueueKeys queue, String takeId, List<QueueItem> items) {
		if (!items.isEmpty()) {
			takes(queue).put(takeId, new Take(queue, takeId, items));
		}
	}

	void started(QueueItem item) {
		Take take = takeOf(item);
		if (take != null) {
			take.started(item);
		}
	}

	/**
	 * Records an item's outcome.
	 * @return the take once every one of its items has an outcome, else {@code null}
	 */
	@Nullable Take resolved(QueueItem item, Outcome outcome) {
		Take take = takeOf(item);
		return (take != null && take.resolve(item, outcome)) ? take : null;
	}

	void forget(Take take) {
		takes(take.queue()).remove(take.id());
	}

	List<String> ids(QueueKeys queue) {
		return List.copyOf(takes(queue).keySet());
	}

	List<Take> all(QueueKeys queue) {
		return List.copyOf(takes(queue).values());
	}

	int items(QueueKeys queue) {
		return takes(queue).values().stream().mapToInt(Take::unresolved).sum();
	}

	private @Nullable Take takeOf(QueueItem item) {
		return (item.takeId() != null) ? takes(item.queue()).get(item.takeId()) : null;
	}

	private Map<String, Take> takes(QueueKeys queue) {
		return this.byQueue.computeIfAbsent(queue, (key) -> new ConcurrentHashMap<>());
	}

	/**
	 * What became of an item of a take.
	 */
	enum Outcome {

		/** Handled; it leaves the take when the take ends. */
		SUCCEEDED,

		/** A script moved it out of the take (retry, dead letter), or it was no longer there. */
		MOVED,

		/** Its outcome could not be written: it stays in the take, which is left to expire. */
		LET_GO

	}

	/**
	 * One take: its items and their outcomes so far. Guarded by itself.
	 */
	static final class Take {

		private final QueueKeys queue;

		private final String id;

		private final List<QueueItem> items;

		private final Set<QueueItem> started = Collections.newSetFromMap(new IdentityHashMap<>());

		private final Map<QueueItem, Outcome> outcomes = new IdentityHashMap<>();

		Take(QueueKeys queue, String id, List<QueueItem> items) {
			this.queue = queue;
			this.id = id;
			this.items = items;
		}

		QueueKeys queue() {
			return this.queue;
		}

		String id() {
			return this.id;
		}

		synchronized void started(QueueItem item) {
			this.started.add(item);
		}

		/**
		 * Records the outcome of one of this take's items; an item read again from Redis (a take-back of this
		 * take) is another object and counts for nothing here.
		 * @return whether every item now has an outcome
		 */
		synchronized boolean resolve(QueueItem item, Outcome outcome) {
			if (this.items.stream().noneMatch((held) -> held == item)) {
				return false;
			}
			this.outcomes.putIfAbsent(item, outcome);
			return this.outcomes.size() == this.items.size();
		}

		synchronized int unresolved() {
			return this.items.size() - this.outcomes.size();
		}

		/** Whether every item has left Redis or succeeded, so the whole take can end. */
		synchronized boolean isWhole() {
			return !this.outcomes.containsValue(Outcome.LET_GO) && this.outcomes.size() == this.items.size();
		}

		synchronized List<QueueItem> withOutcome(Outcome outcome) {
			List<QueueItem> found = new ArrayList<>();
			for (QueueItem item : this.items) {
				if (this.outcomes.get(item) == outcome) {
					found.add(item);
				}
			}
			return found;
		}

		/** Items no worker started and that have no outcome, oldest first. */
		synchronized List<QueueItem> unstarted() {
			List<QueueItem> found = new ArrayList<>();
			for (QueueItem item : this.items) {
				if (!this.started.contains(item) && !this.outcomes.containsKey(item)) {
					found.add(item);
				}
			}
			return found;
		}

	}

}

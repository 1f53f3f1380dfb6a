package io.github.redismessaging.listener.support;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The hand-off queue of {@linkplain BoundedWorkers#keyOrdered key-ordered workers}. Each key with items has a lane,
 * the FIFO of its items. A lane is either ready (waiting in {@link #ready} for a worker) or in the hands of the one
 * worker processing its head, never both: so no two workers ever run one key, and a key's items run in the order
 * they came. A keyless item is a lane of its own that no map holds, so keyless items run in parallel like any
 * other keys.
 * <p>
 * A worker done with an item puts its lane back at the tail of the ready queue when it has more items, so that a
 * busy key shares the workers with the others instead of keeping one; a drained lane is dropped, so that the map
 * holds only the keys with items, not every key ever seen. Not thread-safe: guarded by the workers' lock.
 *
 * @param <T> the type of the items
 */
final class KeyOrderedQueue<T> {

	private final Function<T, @Nullable Object> keyOf;

	/** The lanes (the items of a key not yet taken) of the keys with items queued or in a worker's hands. */
	private final Map<Object, ArrayDeque<T>> lanes = new HashMap<>();

	/** The lanes whose head item waits for a worker, in the order they became ready. */
	private final ArrayDeque<ArrayDeque<T>> ready = new ArrayDeque<>();

	/**
	 * Creates an empty queue.
	 * @param keyOf the key of an item, {@code null} for an item that is not ordered; the same for an item each time
	 */
	KeyOrderedQueue(Function<T, @Nullable Object> keyOf) {
		this.keyOf = keyOf;
	}

	void add(T item) {
		Object key = this.keyOf.apply(item);
		ArrayDeque<T> lane = (key != null) ? this.lanes.get(key) : null;
		if (lane != null) {
			// ready or in a worker's hands: its holder comes back for the item
			lane.add(item);
			return;
		}
		lane = new ArrayDeque<>(4);
		lane.add(item);
		if (key != null) {
			this.lanes.put(key, lane);
		}
		this.ready.add(lane);
	}

	/**
	 * @return whether a worker can take an item now
	 */
	boolean hasReady() {
		return !this.ready.isEmpty();
	}

	/**
	 * Takes the head item of the next ready lane; the lane is the caller's until it calls {@link #done}.
	 * @return the item
	 */
	T take() {
		return this.ready.remove().remove();
	}

	/**
	 * Hands back the lane of an item taken with {@link #take}, now processed.
	 * @param item the item
	 */
	void done(T item) {
		Object key = this.keyOf.apply(item);
		if (key == null) {
			return;
		}
		ArrayDeque<T> lane = this.lanes.get(key);
		if (lane.isEmpty()) {
			this.lanes.remove(key);
		}
		else {
			this.ready.add(lane);
		}
	}

	/**
	 * @return how many keys have a lane: items queued or in a worker's hands
	 */
	int keys() {
		return this.lanes.size();
	}

	void clear() {
		this.lanes.clear();
		this.ready.clear();
	}

}

package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Consumer;
import io.lettuce.core.XClaimArgs;

import io.github.redismessaging.connection.RedisConnections;

/**
 * The entries of a key-ordered listener that wait in this instance for their key: read or claimed, not yet handed
 * to the listener. A key can be held for a while (a failing entry is retried in process), and an entry's pending
 * idle time grows while it waits; past {@code claimMinIdle}, pending recovery (this instance's or another's) would
 * claim it and deliver it a second time, out of order. So every run of pending recovery first resets their idle
 * time ({@code XCLAIM ... 0 ... JUSTID} to this consumer, which leaves the delivery count alone): as long as this
 * instance lives, nobody claims what it holds. An entry the listener is handling is not kept this way: a call that
 * hangs is recovered by pending recovery as always.
 */
final class WaitingEntries {

	private static final int CHUNK = 500;

	private final Set<String> ids = ConcurrentHashMap.newKeySet();

	void add(StreamEntry entry) {
		this.ids.add(entry.id());
	}

	void started(StreamEntry entry) {
		this.ids.remove(entry.id());
	}

	void clear() {
		this.ids.clear();
	}

	/**
	 * Resets the idle time of the waiting entries.
	 * @param connections where to claim
	 * @param settings the listener's (or partition's) settings
	 * @throws Exception if Redis fails
	 */
	void keep(RedisConnections connections, StreamSettings settings) throws Exception {
		List<String> waiting = new ArrayList<>(this.ids);
		byte[] key = settings.key().getBytes(StandardCharsets.UTF_8);
		Consumer<byte[]> consumer = Consumer.from(settings.group().getBytes(StandardCharsets.UTF_8),
				settings.consumer().getBytes(StandardCharsets.UTF_8));
		for (int from = 0; from < waiting.size(); from += CHUNK) {
			List<String> chunk = waiting.subList(from, Math.min(from + CHUNK, waiting.size()));
			connections.commands()
				.xclaim(key, consumer, XClaimArgs.Builder.justid().minIdleTime(0), chunk.toArray(String[]::new))
				.get(10, TimeUnit.SECONDS);
		}
	}

}

package io.github.redismessaging.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.listener.support.BatchedCompletions;
import io.github.redismessaging.listener.support.PollingListenerContainer;
import io.github.redismessaging.queue.HeldTakes.Outcome;
import io.github.redismessaging.queue.HeldTakes.Take;

/**
 * Ends takes once every item of them has an outcome, in batches: one pipelined {@code DEL} of the take lists and
 * {@code ZREM} of their leases ends many takes, without a script and without looking at the items. A take with an
 * item whose outcome could not be written is settled instead ({@code SETTLE}): its handled items leave the take
 * list and the rest stay there under the lease, which is no longer extended and expires. A take stays held, and
 * extended, until Redis has confirmed its end. If the process dies first, the lease expires and the handled items
 * are delivered again, which at-least-once allows.
 */
final class ProcessedItems implements PollingListenerContainer.Completions {

	/** About how many items one round trip ends: takes are ended in batches of this many items or more. */
	private static final int ITEMS_PER_FLUSH = 100;

	private final RedisConnections connections;

	private final HeldTakes held;

	private final Map<QueueKeys, BatchedCompletions<Take>> byQueue = new LinkedHashMap<>();

	ProcessedItems(RedisConnections connections, QueueSettings settings, HeldTakes held) {
		this.connections = connections;
		this.held = held;
		int takesPerFlush = Math.max(1, ITEMS_PER_FLUSH / settings.batchSize());
		for (QueueKeys queue : settings.queues()) {
			this.byQueue.put(queue, new BatchedCompletions<>("Ending takes on " + queue.key(), takesPerFlush,
					(takes) -> end(queue, takes), (takes) -> takes.forEach(held::forget)));
		}
	}

	void succeeded(QueueItem item) {
		resolved(item, Outcome.SUCCEEDED);
	}

	/**
	 * The item left its take through a script (retry, dead letter), or was no longer in it.
	 */
	void moved(QueueItem item) {
		resolved(item, Outcome.MOVED);
	}

	/**
	 * The item's outcome could not be written: it stays in its take and comes back when the lease expires.
	 */
	void letGo(QueueItem item) {
		resolved(item, Outcome.LET_GO);
	}

	private void resolved(QueueItem item, Outcome outcome) {
		Take take = this.held.resolved(item, outcome);
		if (take != null) {
			this.byQueue.get(take.queue()).add(take);
		}
	}

	private CompletionStage<?> end(QueueKeys queue, List<Take> takes) {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connections.commands();
		List<CompletableFuture<?>> sent = new ArrayList<>();
		List<byte[]> lists = new ArrayList<>();
		List<byte[]> leases = new ArrayList<>();
		List<byte[]> expiries = new ArrayList<>();
		for (Take take : takes) {
			if (take.isWhole()) {
				lists.add(QueueKeys.bytes(queue.take(take.id())));
				leases.add(QueueKeys.bytes(take.id()));
				for (QueueItem item : take.withOutcome(Outcome.SUCCEEDED)) {
					if (item.expiries() > 0) {
						expiries.add(QueueKeys.bytes(RedisScript.sha1Hex(item.raw())));
					}
				}
			}
			else {
				sent.add(settle(take, List.of(), take.withOutcome(Outcome.SUCCEEDED)).toCompletableFuture());
			}
		}
		if (!lists.isEmpty()) {
			// The lists go first: a lease without its list is harmless, a list without its lease would be stranded.
			sent.add(commands.del(lists.toArray(byte[][]::new)).toCompletableFuture());
			sent.add(commands.zrem(QueueKeys.bytes(queue.leases()), leases.toArray(byte[][]::new)).toCompletableFuture());
		}
		if (!expiries.isEmpty()) {
			sent.add(commands.hdel(QueueKeys.bytes(queue.expiries()), expiries.toArray(byte[][]::new))
				.toCompletableFuture());
		}
		return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
	}

	/**
	 * Gives back the unstarted items of a take and forgets its handled ones (see {@code SETTLE}).
	 */
	CompletionStage<Long> settle(Take take, List<QueueItem> giveBack, List<QueueItem> forget) {
		QueueKeys queue = take.queue();
		byte[][] keys = { QueueKeys.bytes(queue.key()), QueueKeys.bytes(queue.leases()),
				QueueKeys.bytes(queue.take(take.id())), QueueKeys.bytes(queue.expiries()) };
		List<byte[]> args = new ArrayList<>();
		args.add(QueueKeys.bytes(take.id()));
		args.add(QueueFetcher.ascii(giveBack.size()));
		giveBack.forEach((item) -> args.add(item.raw()));
		forget.forEach((item) -> args.add(item.raw()));
		return QueueScripts.SETTLE.run(this.connections.commands(), ScriptOutputType.INTEGER, keys,
				args.toArray(byte[][]::new));
	}

	@Override
	public void flush() {
		this.byQueue.values().forEach(BatchedCompletions::flush);
	}

	@Override
	public void flushAndWait(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.byQueue.values().forEach((completions) -> completions
			.flushAndWait(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
	}

}

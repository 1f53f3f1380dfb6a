package io.github.redismessaging.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.listener.support.BatchedCompletions;
import io.github.redismessaging.listener.support.PollingListenerContainer;
import io.github.redismessaging.listener.support.ThrottledLog;
import io.github.redismessaging.queue.HeldTakes.Outcome;
import io.github.redismessaging.queue.HeldTakes.Take;

/**
 * Ends takes once every item of them has an outcome, in batches: one pipelined {@code DEL} of the take lists and
 * {@code ZREM} of their leases ends many takes, without a script and without looking at the items. A take with an
 * item whose outcome could not be written is settled instead ({@code SETTLE}): its handled items leave the take
 * list and the rest stay there under the lease, which is no longer extended and expires. A take stays held, and
 * extended, until Redis has confirmed its end. If the process dies first, the lease expires and the handled items
 * are delivered again, which at-least-once allows.
 * <p>
 * Unique jobs free their key ({@code {q}:unique:<key>}) as they leave: a take with handled unique jobs ends through
 * {@code FINISH}, which frees their keys and ends the take in one step, and {@code SETTLE} frees the keys of the
 * handled items it forgets. At most once, a handled unique job frees its key on its own ({@code FREE_KEY}), since
 * it left the queue when it was popped; circular lists never free one.
 */
final class ProcessedItems implements PollingListenerContainer.Completions {

	private static final Log logger = LogFactory.getLog(ProcessedItems.class);

	/** About how many items one round trip ends: takes are ended in batches of this many items or more. */
	private static final int ITEMS_PER_FLUSH = 100;

	private final RedisConnections connections;

	private final HeldTakes held;

	private final QueueMode mode;

	private final ThrottledLog throttled = new ThrottledLog(logger, Duration.ofSeconds(10));

	private final Map<QueueKeys, BatchedCompletions<Take>> byQueue = new LinkedHashMap<>();

	ProcessedItems(RedisConnections connections, QueueSettings settings, HeldTakes held) {
		this.connections = connections;
		this.held = held;
		this.mode = settings.mode();
		int takesPerFlush = Math.max(1, ITEMS_PER_FLUSH / settings.batchSize());
		for (QueueKeys queue : settings.queues()) {
			this.byQueue.put(queue, new BatchedCompletions<>("Ending takes on " + queue.key(), takesPerFlush,
					(takes) -> end(queue, takes), (takes) -> takes.forEach(held::forget)));
		}
	}

	/**
	 * The item was handled, or skipped by the error handler: it ends with its take, or at once without a lease.
	 */
	void succeeded(QueueItem item) {
		if (item.takeId() != null) {
			resolved(item, Outcome.SUCCEEDED);
		}
		else if (this.mode == QueueMode.AT_MOST_ONCE) {
			freeKey(item);
		}
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
				List<QueueItem> handled = take.withOutcome(Outcome.SUCCEEDED);
				for (QueueItem item : handled) {
					if (item.expiries() > 0) {
						expiries.add(QueueKeys.bytes(RedisScript.sha1Hex(item.raw())));
					}
				}
				if (handled.stream().anyMatch((item) -> item.uniqueKey() != null)) {
					sent.add(finish(take, handled).toCompletableFuture());
				}
				else {
					lists.add(QueueKeys.bytes(queue.take(take.id())));
					leases.add(QueueKeys.bytes(take.id()));
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
	 * Ends a whole take with unique jobs among its handled items, freeing their keys (see {@code FINISH}).
	 */
	private CompletionStage<Long> finish(Take take, List<QueueItem> handled) {
		QueueKeys queue = take.queue();
		List<byte[]> keys = new ArrayList<>(
				List.of(QueueKeys.bytes(queue.take(take.id())), QueueKeys.bytes(queue.leases())));
		List<byte[]> args = new ArrayList<>();
		args.add(QueueKeys.bytes(take.id()));
		for (QueueItem item : handled) {
			String uniqueKey = item.uniqueKey();
			if (uniqueKey != null) {
				keys.add(QueueKeys.bytes(queue.unique(uniqueKey)));
				args.add(item.raw());
				args.add(QueueKeys.bytes(item.id()));
			}
		}
		return QueueScripts.FINISH.run(this.connections.commands(), ScriptOutputType.INTEGER,
				keys.toArray(byte[][]::new), args.toArray(byte[][]::new));
	}

	/**
	 * Gives back the unstarted items of a take and forgets its handled ones, freeing the keys of the unique jobs
	 * among them (see {@code SETTLE}).
	 */
	CompletionStage<Long> settle(Take take, List<QueueItem> giveBack, List<QueueItem> forget) {
		QueueKeys queue = take.queue();
		List<byte[]> keys = new ArrayList<>(List.of(QueueKeys.bytes(queue.key()), QueueKeys.bytes(queue.leases()),
				QueueKeys.bytes(queue.take(take.id())), QueueKeys.bytes(queue.expiries())));
		List<byte[]> args = new ArrayList<>();
		args.add(QueueKeys.bytes(take.id()));
		args.add(QueueFetcher.ascii(giveBack.size()));
		giveBack.forEach((item) -> args.add(item.raw()));
		for (int i = 0; i < forget.size(); i++) {
			String uniqueKey = forget.get(i).uniqueKey();
			if (uniqueKey != null) {
				keys.add(QueueKeys.bytes(queue.unique(uniqueKey)));
				args.add(QueueFetcher.ascii(i + 1));
				args.add(QueueKeys.bytes(forget.get(i).id()));
			}
		}
		forget.forEach((item) -> args.add(item.raw()));
		return QueueScripts.SETTLE.run(this.connections.commands(), ScriptOutputType.INTEGER,
				keys.toArray(byte[][]::new), args.toArray(byte[][]::new));
	}

	/**
	 * Frees the key of a unique job handled without a lease. Should Redis refuse, the key is held until its TTL runs
	 * out.
	 */
	private void freeKey(QueueItem item) {
		String uniqueKey = item.uniqueKey();
		if (uniqueKey == null) {
			return;
		}
		QueueScripts.FREE_KEY.run(this.connections.commands(), ScriptOutputType.INTEGER,
				new byte[][] { QueueKeys.bytes(item.queue().unique(uniqueKey)) }, QueueKeys.bytes(item.id()))
			.exceptionally((ex) -> {
				this.throttled.warn("free:" + item.queue().key(), "Could not free the unique key '" + uniqueKey
						+ "' of item " + item.id() + " of " + item.queue().key() + "; it is held until its TTL runs "
						+ "out: " + ex);
				return null;
			});
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

package io.github.redismessaging.queue;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LMPopArgs;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.DedicatedConnection;
import io.github.redismessaging.listener.FetchLoop;

/**
 * Takes items from Redis on the fetch loop's dedicated connection.
 * <ul>
 * <li>At least once: move up to a batch into the processing list in one script; only when the queue is empty,
 * block in BLMOVE for the next item. Under load that is one round trip per batch.</li>
 * <li>At most once: BLMPOP with COUNT.</li>
 * <li>Circular: BLMOVE from the list to itself.</li>
 * </ul>
 * With several queues (priority order), each is tried without blocking from the highest down, and only the
 * highest blocks, briefly, when all are empty: lower queues are then looked at again within
 * {@link #PRIORITY_WAIT_SECONDS}.
 */
final class QueueFetcher implements FetchLoop.Source<QueueItem> {

	private static final Log logger = LogFactory.getLog(QueueFetcher.class);

	static final double PRIORITY_WAIT_SECONDS = 0.1;

	private final DedicatedConnection connection;

	private final QueueSettings settings;

	private final long waitMillis;

	private final double blockSeconds;

	private long rotated;

	QueueFetcher(DedicatedConnection connection, QueueSettings settings, long waitMillis) {
		this.connection = connection;
		this.settings = settings;
		this.waitMillis = waitMillis;
		this.blockSeconds = connection.cap(settings.block()).toMillis() / 1000.0;
	}

	/**
	 * Before the first read on a new connection: returns to the queue whatever sits in this consumer's processing
	 * lists without being held in memory. A read cut off by a dropped connection (Redis restart, failover) may
	 * have moved an item there whose reply never arrived.
	 * @param inFlight the items this consumer holds
	 */
	void reclaimOrphans(InFlightItems inFlight) throws Exception {
		if (this.settings.mode() != QueueMode.AT_LEAST_ONCE) {
			return;
		}
		for (QueueKeys queue : this.settings.queues()) {
			byte[][] keys = { QueueKeys.bytes(queue.processing(this.settings.consumer())), QueueKeys.bytes(queue.key()) };
			Long returned = await(QueueScripts.RECLAIM_ORPHANS.<Long>run(this.connection.commands(),
					ScriptOutputType.INTEGER, keys, inFlight.held(queue)).toCompletableFuture());
			if (returned > 0) {
				logger.warn("Returned " + returned + " items of " + queue.key() + " that a lost read had left in this "
						+ "consumer's processing list to the queue");
			}
		}
	}

	@Override
	public List<QueueItem> fetch(int room) throws Exception {
		if (this.settings.mode() == QueueMode.CIRCULAR) {
			return rotate();
		}
		if (this.settings.queues().size() == 1) {
			return fetchBlocking(this.settings.queues().get(0), room, this.blockSeconds);
		}
		for (QueueKeys queue : this.settings.queues()) {
			List<QueueItem> items = fetchNow(queue, room);
			if (!items.isEmpty()) {
				return items;
			}
		}
		return fetchBlocking(this.settings.queues().get(0), room, PRIORITY_WAIT_SECONDS);
	}

	/**
	 * Takes the next item of a circular list, pausing {@code rotationInterval} after every full rotation so that
	 * a small list is not spun through as fast as Redis answers.
	 */
	private List<QueueItem> rotate() throws Exception {
		QueueKeys queue = this.settings.queues().get(0);
		List<QueueItem> items = fetchBlocking(queue, 1, this.blockSeconds);
		this.rotated += items.size();
		if (!items.isEmpty() && this.rotated >= await(this.connection.commands().llen(QueueKeys.bytes(queue.key())))) {
			this.rotated = 0;
			TimeUnit.MILLISECONDS.sleep(this.settings.rotationInterval().toMillis());
		}
		return items;
	}

	private List<QueueItem> fetchBlocking(QueueKeys queue, int room, double timeoutSeconds) throws Exception {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connection.commands();
		byte[] key = QueueKeys.bytes(queue.key());
		switch (this.settings.mode()) {
			case AT_MOST_ONCE -> {
				KeyValue<byte[], List<byte[]>> popped = await(
						commands.blmpop(timeoutSeconds, LMPopArgs.Builder.right().count(room), key));
				return items(queue, (popped != null && popped.hasValue()) ? popped.getValue() : List.of());
			}
			case CIRCULAR -> {
				byte[] item = await(commands.blmove(key, key, LMoveArgs.Builder.rightLeft(), timeoutSeconds));
				return items(queue, (item != null) ? List.of(item) : List.of());
			}
			default -> {
				if (room > 1) {
					List<byte[]> batch = moveBatch(queue, room);
					if (!batch.isEmpty()) {
						return items(queue, batch);
					}
				}
				byte[] processing = QueueKeys.bytes(queue.processing(this.settings.consumer()));
				byte[] first = await(commands.blmove(key, processing, LMoveArgs.Builder.rightLeft(), timeoutSeconds));
				return items(queue, (first != null) ? List.of(first) : List.of());
			}
		}
	}

	private List<QueueItem> fetchNow(QueueKeys queue, int room) throws Exception {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connection.commands();
		if (this.settings.mode() == QueueMode.AT_MOST_ONCE) {
			KeyValue<byte[], List<byte[]>> popped = await(
					commands.lmpop(LMPopArgs.Builder.right().count(room), QueueKeys.bytes(queue.key())));
			return items(queue, (popped != null && popped.hasValue()) ? popped.getValue() : List.of());
		}
		return items(queue, moveBatch(queue, room));
	}

	private List<byte[]> moveBatch(QueueKeys queue, int count) throws Exception {
		return await(QueueScripts.MOVE_BATCH.<List<byte[]>>run(this.connection.commands(), ScriptOutputType.MULTI,
				new byte[][] { QueueKeys.bytes(queue.key()), QueueKeys.bytes(queue.processing(this.settings.consumer())) },
				Integer.toString(count).getBytes()).toCompletableFuture());
	}

	private static List<QueueItem> items(QueueKeys queue, List<byte[]> raw) {
		return raw.stream().map((element) -> QueueItem.of(queue, element)).toList();
	}

	private <T> T await(CompletionStage<T> stage) throws Exception {
		return stage.toCompletableFuture().get(this.waitMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.connection.close();
	}

}

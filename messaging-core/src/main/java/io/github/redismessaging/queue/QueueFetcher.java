package io.github.redismessaging.queue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LMPopArgs;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.DedicatedConnection;
import io.github.redismessaging.listener.support.FetchLoop;

/**
 * Takes items from Redis on the fetch loop's dedicated connection.
 * <ul>
 * <li>At least once: one script takes up to a batch into a take list of its own under one lease (DESIGN §4a),
 * and the take is held before its items are handed over. Only when the queue is empty does
 * the loop block, in {@code BLMOVE q q RIGHT RIGHT}, which hands back the tail element and leaves the list as it
 * was: no item is ever held by a blocking command outside a lease. Under load that is one round trip per batch.</li>
 * <li>At most once: BLMPOP with COUNT.</li>
 * <li>Circular: BLMOVE from the list to itself.</li>
 * </ul>
 * With several queues (priority order), each is tried without blocking from the highest down, and only the
 * highest blocks, briefly, when all are empty: lower queues are then looked at again within
 * {@link #PRIORITY_WAIT_SECONDS}.
 */
final class QueueFetcher implements FetchLoop.Source<QueueItem> {

	static final double PRIORITY_WAIT_SECONDS = 0.1;

	private final DedicatedConnection connection;

	private final QueueSettings settings;

	private final HeldTakes held;

	private final long waitMillis;

	private final double blockSeconds;

	private long rotated;

	QueueFetcher(DedicatedConnection connection, QueueSettings settings, HeldTakes held, long waitMillis) {
		this.connection = connection;
		this.settings = settings;
		this.held = held;
		this.waitMillis = waitMillis;
		this.blockSeconds = connection.cap(settings.block()).toMillis() / 1000.0;
	}

	@Override
	public List<QueueItem> fetch(int room) throws Exception {
		if (this.settings.mode() == QueueMode.CIRCULAR) {
			return rotate();
		}
		for (QueueKeys queue : this.settings.queues()) {
			List<QueueItem> items = fetchNow(queue, room);
			if (!items.isEmpty()) {
				return items;
			}
		}
		QueueKeys first = this.settings.queues().get(0);
		double wait = (this.settings.queues().size() == 1) ? this.blockSeconds : PRIORITY_WAIT_SECONDS;
		return fetchBlocking(first, room, wait);
	}

	/**
	 * Takes the next item of a circular list, pausing {@code rotationInterval} after every full rotation so that
	 * a small list is not spun through as fast as Redis answers.
	 */
	private List<QueueItem> rotate() throws Exception {
		QueueKeys queue = this.settings.queues().get(0);
		byte[] key = QueueKeys.bytes(queue.key());
		byte[] item = await(this.connection.commands().blmove(key, key, LMoveArgs.Builder.rightLeft(), this.blockSeconds));
		if (item == null) {
			return List.of();
		}
		if (++this.rotated >= await(this.connection.commands().llen(key))) {
			this.rotated = 0;
			TimeUnit.MILLISECONDS.sleep(this.settings.rotationInterval().toMillis());
		}
		return List.of(QueueItem.read(queue, null, item, 0));
	}

	private List<QueueItem> fetchBlocking(QueueKeys queue, int room, double timeoutSeconds) throws Exception {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connection.commands();
		byte[] key = QueueKeys.bytes(queue.key());
		if (this.settings.mode() == QueueMode.AT_MOST_ONCE) {
			return popped(queue, await(commands.blmpop(timeoutSeconds, LMPopArgs.Builder.right().count(room), key)));
		}
		byte[] tail = await(commands.blmove(key, key, LMoveArgs.Builder.rightRight(), timeoutSeconds));
		return (tail != null) ? take(queue, room) : List.of();
	}

	private List<QueueItem> fetchNow(QueueKeys queue, int room) throws Exception {
		if (this.settings.mode() == QueueMode.AT_MOST_ONCE) {
			return popped(queue, await(this.connection.commands()
				.lmpop(LMPopArgs.Builder.right().count(room), QueueKeys.bytes(queue.key()))));
		}
		return take(queue, room);
	}

	@SuppressWarnings("unchecked")
	private List<QueueItem> take(QueueKeys queue, int room) throws Exception {
		String takeId = this.held.nextTakeId();
		byte[][] keys = { QueueKeys.bytes(queue.key()), QueueKeys.bytes(queue.leases()),
				QueueKeys.bytes(queue.take(takeId)), QueueKeys.bytes(queue.expiries()) };
		List<Object> reply = await(QueueScripts.TAKE.<List<Object>>run(this.connection.commands(),
				ScriptOutputType.MULTI, keys, ascii(room), ascii(this.settings.leaseTimeout().toMillis()),
				QueueKeys.bytes(takeId)));
		if (reply.size() != 2 || !(reply.get(0) instanceof List) || !(reply.get(1) instanceof List)) {
			throw new IllegalStateException("The take script answered " + reply.size() + " values, not {items, counts}");
		}
		List<Object> raw = (List<Object>) reply.get(0);
		List<Object> counts = (List<Object>) reply.get(1);
		List<QueueItem> items = new ArrayList<>(raw.size());
		for (int i = 0; i < raw.size(); i++) {
			items.add(QueueItem.read(queue, takeId, (byte[]) raw.get(i), (i < counts.size()) ? number(counts.get(i)) : 0));
		}
		this.held.hold(queue, takeId, items);
		return items;
	}

	private static List<QueueItem> popped(QueueKeys queue, KeyValue<byte[], List<byte[]>> popped) {
		if (popped == null || !popped.hasValue()) {
			return List.of();
		}
		return popped.getValue().stream().map((raw) -> QueueItem.read(queue, null, raw, 0)).toList();
	}

	static String text(Object value) {
		return new String((byte[]) value, StandardCharsets.UTF_8);
	}

	/**
	 * A count that Redis returned as text; anything that is not a whole number counts as 0.
	 */
	static long number(Object value) {
		try {
			return (value instanceof byte[] bytes) ? Long.parseLong(new String(bytes, StandardCharsets.US_ASCII))
					: (value instanceof Long number) ? number : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	static byte[] ascii(long number) {
		return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
	}

	private <T> T await(CompletionStage<T> stage) throws Exception {
		return stage.toCompletableFuture().get(this.waitMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.connection.close();
	}

}

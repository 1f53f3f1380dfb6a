package io.github.redismessaging.queue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.LMoveArgs;
import io.lettuce.core.ScriptOutputType;

import io.github.redismessaging.connection.DedicatedConnection;
import io.github.redismessaging.listener.support.FetchLoop;

/**
 * Takes items from Redis on the fetch loop's dedicated connection.
 * <ul>
 * <li>At least once: one script takes up to a batch into a take list of its own under one lease (DESIGN §4a),
 * and the take is held before its items are handed over. Only when the queue is empty does
 * the loop block, in {@code BLMOVE q q RIGHT RIGHT}, which hands back the tail element and leaves the list as it
 * was: no item is ever held by a blocking command outside a lease. Under load that is one round trip per batch.</li>
 * <li>At most once: a script pops up to a batch (RPOP with a count); when the queue is empty, the loop blocks in
 * the same {@code BLMOVE} first.</li>
 * <li>Circular: BLMOVE from the list to itself.</li>
 * </ul>
 * With several queues (priority order), each is tried without blocking from the highest down, and only the
 * highest blocks, briefly, when all are empty: lower queues are then looked at again within
 * {@link #PRIORITY_WAIT_SECONDS}.
 * <p>
 * A queue paused everywhere ({@code {q}:paused} exists, see {@code RedisMessagingTemplate.pauseQueue}) gives
 * nothing: the take and pop scripts check the flag in the same step as they take, and the loop does not block on
 * a paused queue, so a pause holds from the next fetch cycle on, on every instance. When every queue of the
 * listener is paused, a cycle is one script call per queue and a wait of one block time.
 * <p>
 * A rate-limited queue ({@code rateLimit}) is held back the same way: the take and pop scripts ask its sliding
 * window how many items they may take and, when none, answer how long until one is allowed. The loop does not block
 * on such a queue (its items are waiting, so a blocking read would return at once); when no queue of the listener
 * gives anything, it sleeps until the first window reopens, at most one block time, so a listener held back by its
 * rate limit makes one script call per queue each time a window reopens and never spins. A lower queue may be taken
 * from while a higher one is held back.
 */
final class QueueFetcher implements FetchLoop.Source<QueueItem> {

	static final double PRIORITY_WAIT_SECONDS = 0.1;

	private final DedicatedConnection connection;

	private final QueueSettings settings;

	private final HeldTakes held;

	private final long waitMillis;

	private final double blockSeconds;

	private long rotated;

	/** The keys of the queues that the last take or pop found paused everywhere. */
	private final Set<String> paused = new HashSet<>();

	/** The keys of the queues whose rate limit allowed no item at the last take or pop → milliseconds to wait. */
	private final Map<String, Long> limited = new HashMap<>();

	private final byte[] rateCount;

	private final byte[] rateWindow;

	QueueFetcher(DedicatedConnection connection, QueueSettings settings, HeldTakes held, long waitMillis) {
		this.connection = connection;
		this.settings = settings;
		this.held = held;
		this.waitMillis = waitMillis;
		this.blockSeconds = connection.cap(settings.block()).toMillis() / 1000.0;
		RateLimit rateLimit = settings.rateLimit();
		this.rateCount = ascii((rateLimit != null) ? rateLimit.count() : 0);
		this.rateWindow = ascii((rateLimit != null) ? rateLimit.window().toMillis() : 0);
	}

	@Override
	public List<QueueItem> fetch(int room) throws Exception {
		if (this.settings.mode() == QueueMode.CIRCULAR) {
			return isPaused(this.settings.queues().get(0)) ? idle() : rotate();
		}
		for (QueueKeys queue : this.settings.queues()) {
			List<QueueItem> items = fetchNow(queue, room);
			if (!items.isEmpty()) {
				return items;
			}
		}
		QueueKeys first = this.settings.queues()
			.stream()
			.filter((queue) -> !this.paused.contains(queue.key()) && !this.limited.containsKey(queue.key()))
			.findFirst()
			.orElse(null);
		if (first == null) {
			return idle();
		}
		double wait = (this.settings.queues().size() == 1) ? this.blockSeconds : PRIORITY_WAIT_SECONDS;
		return fetchBlocking(first, room, Math.min(wait, untilAllowed() / 1000.0));
	}

	/**
	 * Every queue of the listener is paused everywhere or held back by its rate limit: waits until the first rate
	 * limit allows an item again, at most one block time (as a read that found nothing would), so that the flags
	 * and limits are looked at again without spinning.
	 */
	private List<QueueItem> idle() throws InterruptedException {
		TimeUnit.MILLISECONDS.sleep(untilAllowed());
		return List.of();
	}

	/**
	 * Milliseconds until the rate limit of a held-back queue allows an item again, at most one block time.
	 */
	private long untilAllowed() {
		long block = (long) (this.blockSeconds * 1000);
		return Math.min(block, this.limited.values().stream().mapToLong(Long::longValue).min().orElse(block));
	}

	private boolean isPaused(QueueKeys queue) throws Exception {
		return await(this.connection.commands().exists(QueueKeys.bytes(queue.paused()))) > 0;
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
		byte[] key = QueueKeys.bytes(queue.key());
		byte[] tail = await(this.connection.commands().blmove(key, key, LMoveArgs.Builder.rightRight(), timeoutSeconds));
		return (tail != null) ? fetchNow(queue, room) : List.of();
	}

	@SuppressWarnings("unchecked")
	private List<QueueItem> fetchNow(QueueKeys queue, int room) throws Exception {
		if (this.settings.mode() != QueueMode.AT_MOST_ONCE) {
			return take(queue, room);
		}
		byte[][] keys = { QueueKeys.bytes(queue.key()), QueueKeys.bytes(queue.paused()),
				QueueKeys.bytes(queue.rate()) };
		List<Object> reply = await(QueueScripts.POP.<List<Object>>run(this.connection.commands(),
				ScriptOutputType.MULTI, keys, ascii(room), this.rateCount, this.rateWindow));
		if (reply.size() < 2 || !(reply.get(1) instanceof List)) {
			throw new IllegalStateException("The pop script answered " + reply.size() + " values, not {paused, items}");
		}
		if (notePaused(queue, number(reply.get(0)) == 1)
				|| noteLimited(queue, (reply.size() > 2) ? number(reply.get(2)) : 0)) {
			return List.of();
		}
		return ((List<Object>) reply.get(1)).stream().map((raw) -> QueueItem.read(queue, null, (byte[]) raw, 0)).toList();
	}

	/**
	 * Remembers whether a queue is paused everywhere, as the last take or pop found it.
	 * @return whether it is
	 */
	private boolean notePaused(QueueKeys queue, boolean paused) {
		if (paused) {
			this.paused.add(queue.key());
			this.limited.remove(queue.key());
		}
		else {
			this.paused.remove(queue.key());
		}
		return paused;
	}

	/**
	 * Remembers whether the rate limit of a queue held it back, as the last take or pop found it.
	 * @param waitMillis how long until the limit allows an item, as the script answered; 0 if it allowed some
	 * @return whether it held the queue back
	 */
	private boolean noteLimited(QueueKeys queue, long waitMillis) {
		if (waitMillis > 0) {
			this.limited.put(queue.key(), waitMillis);
		}
		else {
			this.limited.remove(queue.key());
		}
		return waitMillis > 0;
	}

	@SuppressWarnings("unchecked")
	private List<QueueItem> take(QueueKeys queue, int room) throws Exception {
		String takeId = this.held.nextTakeId();
		byte[][] keys = { QueueKeys.bytes(queue.key()), QueueKeys.bytes(queue.leases()),
				QueueKeys.bytes(queue.take(takeId)), QueueKeys.bytes(queue.expiries()), QueueKeys.bytes(queue.paused()),
				QueueKeys.bytes(queue.rate()) };
		List<Object> reply = await(QueueScripts.TAKE.<List<Object>>run(this.connection.commands(),
				ScriptOutputType.MULTI, keys, ascii(room), ascii(this.settings.leaseTimeout().toMillis()),
				QueueKeys.bytes(takeId), this.rateCount, this.rateWindow));
		if (reply.size() < 2 || !(reply.get(0) instanceof List) || !(reply.get(1) instanceof List)) {
			throw new IllegalStateException("The take script answered " + reply.size() + " values, not {items, counts}");
		}
		if (notePaused(queue, reply.size() > 2 && number(reply.get(2)) == 1)
				|| noteLimited(queue, (reply.size() > 3) ? number(reply.get(3)) : 0)) {
			return List.of();
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

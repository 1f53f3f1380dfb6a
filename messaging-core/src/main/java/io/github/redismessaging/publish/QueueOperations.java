package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.queue.QueueEnvelope;

/**
 * The queue side of the template: enqueueing (now, only if the queue exists, later, or as a unique job), inspecting,
 * and replaying dead letters.
 */
final class QueueOperations {

	/**
	 * KEYS: the unique job's key {@code {queue}:unique:<key>}, the queue (or its delayed set). ARGV: item id, how
	 * long the key is held in milliseconds, item, and the due time in epoch milliseconds for a delayed item. Adds a
	 * unique job unless its key is held: returns the id the key holds, writing nothing; otherwise pushes the item
	 * (LPUSH, or ZADD into the delayed set), and only then takes the key for the job, returning nil. A key or queue
	 * of the wrong type fails the script before anything is written.
	 */
	private static final RedisScript ENQUEUE_UNIQUE = new RedisScript("""
			local holder = redis.call('GET', KEYS[1])
			if holder then return holder end
			if ARGV[4] then
			  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
			else
			  redis.call('LPUSH', KEYS[2], ARGV[3])
			end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			return false
			""");

	/** The longest a unique key is held for a delayed job before its TTL starts: keeps the sum within Redis's range. */
	private static final long LONGEST_DELAY_MILLIS = Long.MAX_VALUE / 4;

	/**
	 * KEYS: dead-letter list, queue. ARGV: item as stored, item to enqueue. Moves one dead letter back, atomically:
	 * the item is pushed to the queue before it leaves the dead-letter list, so a queue of the wrong type fails the
	 * script with the dead letter still in place.
	 */
	private static final RedisScript REPLAY = new RedisScript("""
			if not redis.call('LPOS', KEYS[1], ARGV[1]) then return 0 end
			redis.call('LPUSH', KEYS[2], ARGV[2])
			redis.call('LREM', KEYS[1], -1, ARGV[1])
			return 1
			""");

	private final RedisConnections connections;

	private final PayloadCodec codec;

	private final KeyNames keys;

	QueueOperations(RedisConnections connections, PayloadCodec codec, KeyNames keys) {
		this.connections = connections;
		this.codec = codec;
		this.keys = keys;
	}

	String enqueue(String queue, Object payload, Map<String, String> headers, Durability durability) {
		QueueEnvelope envelope = envelope(payload, headers);
		byte[] key = key(queue);
		DurableWrites.write(this.connections, key, (commands) -> commands.lpush(key, envelope.write()), durability);
		return envelope.id();
	}

	List<String> enqueueAll(String queue, Collection<?> payloads, Durability durability) {
		if (payloads.isEmpty()) {
			return List.of();
		}
		List<String> ids = new ArrayList<>(payloads.size());
		byte[][] items = new byte[payloads.size()][];
		int i = 0;
		for (Object payload : payloads) {
			QueueEnvelope envelope = envelope(payload, Map.of());
			ids.add(envelope.id());
			items[i++] = envelope.write();
		}
		byte[] key = key(queue);
		DurableWrites.write(this.connections, key, (commands) -> commands.lpush(key, items), durability);
		return ids;
	}

	boolean enqueueIfExists(String queue, Object payload) {
		return Futures.await(commands().lpushx(key(queue), envelope(payload, Map.of()).write())) > 0;
	}

	String enqueueAt(String queue, Object payload, Instant due, Durability durability) {
		QueueEnvelope envelope = envelope(payload, Map.of());
		byte[] key = bytes(this.keys.companion(queue, "delayed"));
		DurableWrites.write(this.connections, key,
				(commands) -> commands.zadd(key, due.toEpochMilli(), envelope.write()), durability);
		return envelope.id();
	}

	/**
	 * Adds a unique job, now or (with a due time) to the delayed set, unless a job with its key is queued, delayed
	 * or leased. The key is held until the job is due plus its TTL, unless the job frees it first.
	 */
	EnqueueResult enqueueUnique(String queue, Object payload, Map<String, String> headers, @Nullable Instant due,
			EnqueueOptions options, Durability durability) {
		Map<String, String> tagged = new LinkedHashMap<>(headers);
		tagged.put(QueueEnvelope.UNIQUE_KEY_HEADER, options.uniqueKey());
		return enqueueHolding(queue, envelope(payload, tagged), due, options, durability);
	}

	/**
	 * Adds a job once per marker: like a unique job, but the job does not carry the marker, so that finishing or
	 * dead-lettering it leaves the marker in place until its TTL; another enqueue with the marker meanwhile adds
	 * nothing. Recurring jobs mark each tick so.
	 */
	EnqueueResult enqueueOnce(String queue, Object payload, Map<String, String> headers, EnqueueOptions marker,
			Durability durability) {
		return enqueueHolding(queue, envelope(payload, headers), null, marker, durability);
	}

	private EnqueueResult enqueueHolding(String queue, QueueEnvelope envelope, @Nullable Instant due,
			EnqueueOptions options, Durability durability) {
		long untilDue = (due != null) ? Math.max(0, due.toEpochMilli() - System.currentTimeMillis()) : 0;
		long holdMillis = Math.min(untilDue, LONGEST_DELAY_MILLIS) + options.ttl().toMillis();
		byte[][] keys = { bytes(this.keys.companion(queue, "unique:" + options.uniqueKey())),
				(due != null) ? bytes(this.keys.companion(queue, "delayed")) : key(queue) };
		byte[][] args = (due != null)
				? new byte[][] { bytes(envelope.id()), ascii(holdMillis), envelope.write(), ascii(due.toEpochMilli()) }
				: new byte[][] { bytes(envelope.id()), ascii(holdMillis), envelope.write() };
		byte[] holder = DurableWrites.write(this.connections, keys[1],
				(commands) -> ENQUEUE_UNIQUE.<byte[]>run(commands, ScriptOutputType.VALUE, keys, args), durability);
		return (holder != null) ? new EnqueueResult(new String(holder, StandardCharsets.UTF_8), false)
				: new EnqueueResult(envelope.id(), true);
	}

	long size(String queue) {
		return Futures.await(commands().llen(key(queue)));
	}

	<T> List<T> peek(String queue, int count, Class<T> type) {
		List<byte[]> raw = new ArrayList<>(Futures.await(commands().lrange(key(queue), -count, -1)));
		Collections.reverse(raw);
		List<T> payloads = new ArrayList<>(raw.size());
		for (byte[] item : raw) {
			payloads.add(type.cast(this.codec.decode(QueueEnvelope.read(item).payload(), type)));
		}
		return payloads;
	}

	List<DeadLetter> deadLetters(String queue, int offset, int count) {
		// The oldest dead letter is at the tail (LPUSH): skip `offset` from the tail, take `count` before them.
		long end = -1L - offset;
		List<byte[]> raw = new ArrayList<>(
				Futures.await(commands().lrange(deadLetterKey(queue), end - count + 1, end)));
		Collections.reverse(raw);
		return raw.stream().map((item) -> DeadLetterReader.queue(QueueEnvelope.read(item))).toList();
	}

	int replay(String queue, int count) {
		List<byte[]> raw = new ArrayList<>(Futures.await(commands().lrange(deadLetterKey(queue), -count, -1)));
		Collections.reverse(raw);
		int moved = 0;
		for (byte[] item : raw) {
			QueueEnvelope deadLetter = QueueEnvelope.read(item);
			Map<String, String> headers = new HashMap<>(deadLetter.headers());
			headers.keySet().removeIf((name) -> name.startsWith(DeadLetterFields.PREFIX));
			QueueEnvelope fresh = new QueueEnvelope(deadLetter.id(), deadLetter.payload(), 0, headers,
					deadLetter.enqueuedAt());
			Long result = Futures.await(REPLAY.<Long>run(commands(), ScriptOutputType.INTEGER,
					new byte[][] { deadLetterKey(queue), key(queue) }, item, fresh.write()));
			moved += result.intValue();
		}
		return moved;
	}

	boolean hasListDeadLetters(String name) {
		String type = Futures.await(commands().type(deadLetterKey(name)));
		return "list".equals(type);
	}

	private QueueEnvelope envelope(Object payload, Map<String, String> headers) {
		return QueueEnvelope.create(this.codec.encode(payload), headers);
	}

	private RedisClusterAsyncCommands<byte[], byte[]> commands() {
		return this.connections.commands();
	}

	private byte[] key(String queue) {
		return bytes(this.keys.key(queue));
	}

	private byte[] deadLetterKey(String queue) {
		return bytes(this.keys.deadLetter(queue));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] ascii(long number) {
		return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
	}

}

package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * The queue side of the template: enqueueing (now, only if the queue exists, or later), inspecting, and replaying
 * dead letters.
 */
final class QueueOperations {

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

	String enqueue(String queue, Object payload, Map<String, String> headers) {
		QueueEnvelope envelope = envelope(payload, headers);
		Futures.await(commands().lpush(key(queue), envelope.write()));
		return envelope.id();
	}

	List<String> enqueueAll(String queue, Collection<?> payloads) {
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
		Futures.await(commands().lpush(key(queue), items));
		return ids;
	}

	boolean enqueueIfExists(String queue, Object payload) {
		return Futures.await(commands().lpushx(key(queue), envelope(payload, Map.of()).write())) > 0;
	}

	String enqueueAt(String queue, Object payload, Instant due) {
		QueueEnvelope envelope = envelope(payload, Map.of());
		Futures.await(commands().zadd(bytes(this.keys.companion(queue, "delayed")), due.toEpochMilli(),
				envelope.write()));
		return envelope.id();
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

}

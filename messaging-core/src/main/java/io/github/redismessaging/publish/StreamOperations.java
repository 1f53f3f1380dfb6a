package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.codec.PayloadDecodingException;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.stream.StreamFields;
import io.github.redismessaging.stream.StreamRecord;
import io.github.redismessaging.stream.Trim;

/**
 * The stream side of the template: append (idempotent too), range queries, dead letters and their replay.
 */
final class StreamOperations {

	/**
	 * KEYS: the idempotency key {@code {stream}:idem:<key>}, the stream. ARGV: how long the key is remembered in
	 * milliseconds, then the XADD arguments after the key (trim, {@code *}, fields). Returns the id the key holds,
	 * writing nothing, when the key was seen within its window; otherwise appends the entry, then remembers its id
	 * under the key, and returns it. A key or stream of the wrong type fails the script before anything is written.
	 */
	private static final RedisScript APPEND_IDEMPOTENT = new RedisScript("""
			local first = redis.call('GET', KEYS[1])
			if first then return first end
			local id = redis.call('XADD', KEYS[2], unpack(ARGV, 2))
			redis.call('SET', KEYS[1], id, 'PX', ARGV[1])
			return id
			""");

	/**
	 * KEYS: stream, dead-letter stream. ARGV: the dead-letter field prefix, count (0 when ids follow), ids... Moves
	 * each dead letter back to the stream as a new entry without its dead-letter fields, and deletes it from the
	 * dead-letter stream, in one step. A dead letter with nothing but dead-letter fields cannot be appended and
	 * stays where it is.
	 */
	private static final RedisScript REPLAY = new RedisScript("""
			local ids = {}
			local prefix = ARGV[1]
			if tonumber(ARGV[2]) > 0 then
			  for _, entry in ipairs(redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', ARGV[2])) do
			    table.insert(ids, entry[1])
			  end
			else
			  for i = 3, #ARGV do table.insert(ids, ARGV[i]) end
			end
			local moved = 0
			for _, id in ipairs(ids) do
			  local entry = redis.call('XRANGE', KEYS[2], id, id)
			  if entry[1] then
			    local fields = {}
			    local flat = entry[1][2]
			    for i = 1, #flat, 2 do
			      if string.sub(flat[i], 1, #prefix) ~= prefix then
			        table.insert(fields, flat[i])
			        table.insert(fields, flat[i + 1])
			      end
			    end
			    if #fields > 0 then
			      redis.call('XADD', KEYS[1], '*', unpack(fields))
			      redis.call('XDEL', KEYS[2], id)
			      moved = moved + 1
			    end
			  end
			end
			return moved
			""");

	private final RedisConnections connections;

	private final PayloadCodec codec;

	private final KeyNames keys;

	StreamOperations(RedisConnections connections, PayloadCodec codec, KeyNames keys) {
		this.connections = connections;
		this.codec = codec;
		this.keys = keys;
	}

	String append(String stream, Object payload, Map<String, String> headers, @Nullable Trim trim,
			Durability durability) {
		Map<byte[], byte[]> body = new LinkedHashMap<>();
		body.put(bytes(StreamFields.PAYLOAD), this.codec.encode(payload));
		headers.forEach((name, value) -> body.put(bytes(StreamFields.HEADER_PREFIX + name), bytes(value)));
		XAddArgs args = (trim != null) ? trim.applyTo(new XAddArgs()) : new XAddArgs();
		byte[] key = key(stream);
		return DurableWrites.write(this.connections, key, (commands) -> commands.xadd(key, args, body), durability);
	}

	/**
	 * Appends an entry unless an append with the same idempotency key did within the key's window; either way returns
	 * the id of the entry the key names.
	 */
	String appendIdempotent(String stream, Object payload, Map<String, String> headers, @Nullable Trim trim,
			AppendOptions options, Durability durability) {
		List<byte[]> args = new ArrayList<>();
		args.add(bytes(Long.toString(options.ttl().toMillis())));
		if (trim != null) {
			trim.arguments().forEach((arg) -> args.add(bytes(arg)));
		}
		args.add(bytes("*"));
		args.add(bytes(StreamFields.PAYLOAD));
		args.add(this.codec.encode(payload));
		headers.forEach((name, value) -> {
			args.add(bytes(StreamFields.HEADER_PREFIX + name));
			args.add(bytes(value));
		});
		byte[][] keys = { bytes(this.keys.companion(stream, "idem:" + options.idempotencyKey())), key(stream) };
		byte[] id = DurableWrites.write(this.connections, keys[1], (commands) -> APPEND_IDEMPOTENT
			.<byte[]>run(commands, ScriptOutputType.VALUE, keys, args.toArray(byte[][]::new)), durability);
		return text(id);
	}

	<T> List<StreamRecord<T>> range(String stream, String from, String to, int count, Class<T> type, boolean reverse) {
		Range<String> range = Range.create(from, to);
		List<StreamMessage<byte[], byte[]>> messages = reverse
				? Futures.await(commands().xrevrange(key(stream), Range.create(to, from), Limit.from(count)))
				: Futures.await(commands().xrange(key(stream), range, Limit.from(count)));
		List<StreamRecord<T>> records = new ArrayList<>(messages.size());
		for (StreamMessage<byte[], byte[]> message : messages) {
			records.add(toRecord(message, type));
		}
		return records;
	}

	List<DeadLetter> deadLetters(String stream, String afterId, int count) {
		String from = (afterId != null) ? "(" + afterId : "-";
		List<StreamMessage<byte[], byte[]>> messages = Futures
			.await(commands().xrange(bytes(this.keys.deadLetter(stream)), Range.create(from, "+"), Limit.from(count)));
		List<DeadLetter> deadLetters = new ArrayList<>(messages.size());
		for (StreamMessage<byte[], byte[]> message : messages) {
			Map<String, String> fields = new LinkedHashMap<>();
			message.getBody().forEach((name, value) -> fields.put(text(name), text(value)));
			deadLetters.add(DeadLetterReader.stream(message.getId(), fields));
		}
		return deadLetters;
	}

	int replay(String stream, int count, Collection<String> ids) {
		// Checked before the script runs: Redis does not undo the moves a script made before an error.
		List<String> checked = Arguments.entryIds(ids);
		List<byte[]> args = new ArrayList<>();
		args.add(bytes(DeadLetterFields.PREFIX));
		args.add(bytes(Integer.toString(count)));
		checked.forEach((id) -> args.add(bytes(id)));
		Long moved = Futures.await(REPLAY.<Long>run(commands(), ScriptOutputType.INTEGER,
				new byte[][] { key(stream), bytes(this.keys.deadLetter(stream)) }, args.toArray(byte[][]::new)));
		return moved.intValue();
	}

	private <T> StreamRecord<T> toRecord(StreamMessage<byte[], byte[]> message, Class<T> type) {
		Map<String, String> fields = new LinkedHashMap<>();
		Map<String, String> headers = new LinkedHashMap<>();
		byte[] payload = null;
		for (Map.Entry<byte[], byte[]> field : message.getBody().entrySet()) {
			String name = text(field.getKey());
			fields.put(name, text(field.getValue()));
			if (name.equals(StreamFields.PAYLOAD)) {
				payload = field.getValue();
			}
			else if (name.startsWith(StreamFields.HEADER_PREFIX)) {
				headers.put(name.substring(StreamFields.HEADER_PREFIX.length()), text(field.getValue()));
			}
		}
		T decoded = null;
		if (payload != null) {
			try {
				decoded = type.cast(this.codec.decode(payload, type));
			}
			catch (PayloadDecodingException ex) {
				throw new PayloadDecodingException("Entry " + message.getId() + ": " + ex.getMessage(), ex);
			}
		}
		return new StreamRecord<>(message.getId(), decoded, headers, fields);
	}

	private RedisClusterAsyncCommands<byte[], byte[]> commands() {
		return this.connections.commands();
	}

	private byte[] key(String stream) {
		return bytes(this.keys.key(stream));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}

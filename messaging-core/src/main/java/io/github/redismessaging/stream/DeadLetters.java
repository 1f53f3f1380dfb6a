package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ScriptOutputType;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.listener.NotRetryable;

/**
 * Moves one entry to the dead-letter stream and acknowledges it in the same atomic script (the dead-letter
 * stream shares the stream's hash slot), so a crash between the two steps cannot lose or duplicate it. Also
 * records the last failure of an entry, which pending recovery copies into the dead letter when it gives up.
 */
final class DeadLetters {

	/**
	 * KEYS: stream, dead-letter stream, failures hash. ARGV: group, id, field/value pairs of the dead letter
	 * (the original fields are appended by the script when the entry still exists).
	 */
	private static final RedisScript DEAD_LETTER = new RedisScript("""
			local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
			local fields = {}
			if entry[1] then
			  for _, v in ipairs(entry[1][2]) do table.insert(fields, v) end
			end
			for i = 3, #ARGV do table.insert(fields, ARGV[i]) end
			redis.call('XADD', KEYS[2], '*', unpack(fields))
			redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
			redis.call('HDEL', KEYS[3], ARGV[1] .. '/' .. ARGV[2])
			return 1
			""");

	private final RedisConnections connections;

	private final StreamSettings settings;

	private final String listenerId;

	private final byte[][] keys;

	DeadLetters(RedisConnections connections, StreamSettings settings, String listenerId, String failuresKey) {
		this.connections = connections;
		this.settings = settings;
		this.listenerId = listenerId;
		this.keys = new byte[][] { bytes(settings.key()), bytes(settings.deadLetterKey()), bytes(failuresKey) };
	}

	void deadLetter(StreamEntry entry, String reason, Throwable exception) throws Exception {
		List<byte[]> args = new ArrayList<>();
		args.add(bytes(this.settings.group()));
		args.add(bytes(entry.id()));
		Map<String, String> dlq = Map.of(StreamFields.DLQ_REASON, reason, StreamFields.DLQ_EXCEPTION,
				describe(exception), StreamFields.DLQ_DELIVERIES, Long.toString(entry.deliveries()),
				StreamFields.DLQ_LISTENER, this.listenerId, StreamFields.DLQ_SOURCE_ID, entry.id(),
				StreamFields.DLQ_AT, Long.toString(System.currentTimeMillis()));
		dlq.forEach((name, value) -> {
			args.add(bytes(name));
			args.add(bytes(value));
		});
		DEAD_LETTER.run(this.connections.commands(), ScriptOutputType.INTEGER, this.keys, args.toArray(byte[][]::new))
			.toCompletableFuture()
			.get(30, TimeUnit.SECONDS);
	}

	static String describe(Throwable exception) {
		return NotRetryable.describe(exception);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

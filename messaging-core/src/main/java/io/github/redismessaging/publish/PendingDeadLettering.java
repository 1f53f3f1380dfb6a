package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.lettuce.core.ScriptOutputType;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.keys.KeyNames;

/**
 * Dead-letters pending entries of a consumer group on an operator's request, in the shape the stream failure
 * lifecycle writes after an entry's last delivery. One script does it for all ids, on the stream's slot:
 * <ol>
 * <li>It refuses to start, writing nothing, when {@code {s}:dlq} exists and is not a stream.</li>
 * <li>For each id it asks {@code XPENDING s group id id 1}. An id that is not pending (acknowledged, never
 * delivered, unknown) is skipped and not counted.</li>
 * <li>It writes the dead letter: the entry's fields as {@code XRANGE} reads them, plus {@code dlq.reason} (the
 * operator's reason), {@code dlq.exception} (the failure the listener remembered in {@code {s}:failures}, or
 * {@value #NO_FAILURE}), {@code dlq.deliveries} (the pending delivery count), {@code dlq.source-id} and
 * {@code dlq.at}. There is no {@code dlq.listener}: no listener gave up on it, and a group is not a listener id. An
 * entry deleted from the stream while pending gets the {@code dlq.*} fields alone, as the failure lifecycle's
 * dead-letter script does, and is counted; replay leaves such a dead letter where it is. An entry with too many
 * fields for one {@code XADD} also gets the {@code dlq.*} fields alone, since it stays in its stream.</li>
 * <li>Only then it acknowledges the entry ({@code XACK}) and forgets its remembered failure ({@code HDEL}). The
 * entry itself stays in the stream, as after any acknowledgement.</li>
 * </ol>
 * A dead letter that cannot be written even without the entry's fields (out of memory) ends the script with an
 * error that says how many entries it had dead-lettered; the entry stays pending.
 */
final class PendingDeadLettering {

	/** {@code dlq.exception} of an entry for which the listener remembered no failure. */
	static final String NO_FAILURE = "dead-lettered by an operator";

	/**
	 * KEYS: stream, dead-letter stream, failures hash. ARGV: group, the names of the exception, deliveries and
	 * source-id fields, the exception text when none was remembered, the number n of ids, n ids, then the
	 * field/value pairs every dead letter gets (reason, time). Returns how many entries were dead-lettered.
	 */
	private static final RedisScript DEAD_LETTER = new RedisScript("""
			local deadType = redis.call('TYPE', KEYS[2])['ok']
			if deadType ~= 'stream' and deadType ~= 'none' then
			  return redis.error_reply('ERR ' .. KEYS[2] .. ' holds a ' .. deadType .. ', not a dead-letter stream')
			end
			local failuresType = redis.call('TYPE', KEYS[3])['ok']
			local remembering = failuresType == 'hash' or failuresType == 'none'
			local n = tonumber(ARGV[6])
			local dead = 0
			for i = 7, 6 + n do
			  local id = ARGV[i]
			  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
			  if pending[1] then
			    local field = ARGV[1] .. '/' .. id
			    local failure = remembering and redis.call('HGET', KEYS[3], field)
			    local extra = {ARGV[2], failure or ARGV[5], ARGV[3], tostring(pending[1][4]), ARGV[4], id}
			    for j = 7 + n, #ARGV do table.insert(extra, ARGV[j]) end
			    local fields = {}
			    local entry = redis.call('XRANGE', KEYS[1], id, id)
			    if entry[1] then
			      for _, v in ipairs(entry[1][2]) do table.insert(fields, v) end
			    end
			    for _, v in ipairs(extra) do table.insert(fields, v) end
			    if not pcall(function() return redis.call('XADD', KEYS[2], '*', unpack(fields)) end)
			        and not pcall(function() return redis.call('XADD', KEYS[2], '*', unpack(extra)) end) then
			      return redis.error_reply('ERR dead-lettered ' .. dead .. ' entries, then could not write the dead'
			        .. ' letter of ' .. id .. ' to ' .. KEYS[2] .. '; it stays pending')
			    end
			    redis.call('XACK', KEYS[1], ARGV[1], id)
			    if remembering then redis.call('HDEL', KEYS[3], field) end
			    dead = dead + 1
			  end
			end
			return dead
			""");

	private final RedisConnections connections;

	private final KeyNames keys;

	PendingDeadLettering(RedisConnections connections, KeyNames keys) {
		this.connections = connections;
		this.keys = keys;
	}

	int deadLetter(String stream, String group, Collection<String> ids, String reason) {
		Arguments.name(stream, "stream");
		Arguments.name(group, "group");
		Arguments.name(reason, "reason");
		// Checked before the script runs: Redis does not undo the dead letters a script wrote before an error.
		List<String> exact = Arguments.exactEntryIds(ids);
		if (exact.isEmpty()) {
			return 0;
		}
		List<byte[]> args = new ArrayList<>();
		args.add(bytes(group));
		args.add(bytes(DeadLetterFields.EXCEPTION));
		args.add(bytes(DeadLetterFields.DELIVERIES));
		args.add(bytes(DeadLetterFields.SOURCE_ID));
		args.add(bytes(NO_FAILURE));
		args.add(bytes(Integer.toString(exact.size())));
		exact.forEach((id) -> args.add(bytes(id)));
		args.add(bytes(DeadLetterFields.REASON));
		args.add(bytes(reason));
		args.add(bytes(DeadLetterFields.AT));
		args.add(bytes(Instant.now().toString()));
		byte[][] keys = { bytes(this.keys.key(stream)), bytes(this.keys.deadLetter(stream)),
				bytes(this.keys.companion(stream, "failures")) };
		Long dead = Futures.await(DEAD_LETTER.<Long>run(this.connections.commands(), ScriptOutputType.INTEGER, keys,
				args.toArray(byte[][]::new)));
		return dead.intValue();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

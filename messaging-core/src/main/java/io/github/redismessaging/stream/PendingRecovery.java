package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.ScriptOutputType;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.listener.BoundedWorkers;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Claims entries that other consumers (crashed, stuck, or this one after a failure) left pending for longer than
 * {@code claimMinIdle}, and hands them to the workers. One atomic script per batch runs XAUTOCLAIM, reads each
 * claimed entry's delivery count, and dead-letters (XADD to the dead-letter stream + XACK) those delivered more
 * than {@code maxDeliveries} times. The script also returns the ids XAUTOCLAIM reports as deleted from the
 * stream (its third reply element, which Lettuce's own XAUTOCLAIM result hides: lettuce issue 3900); Redis has
 * already removed them from the pending list, and they are counted, never delivered.
 */
final class PendingRecovery {

	private static final Log logger = LogFactory.getLog(PendingRecovery.class);

	/**
	 * KEYS: stream, dead-letter stream (or the stream itself when there is none), failures hash.
	 * ARGV: group, consumer, min idle ms, start id, count, max deliveries (0: never dead-letter), listener, now ms.
	 * Returns {next start id, {{id, {field, value...}, deliveries}...}, deleted count, dead-lettered count}.
	 */
	private static final RedisScript CLAIM = new RedisScript("""
			local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5])
			local deleted = reply[3] or {}
			for _, id in ipairs(deleted) do redis.call('HDEL', KEYS[3], ARGV[1] .. '/' .. id) end
			local max = tonumber(ARGV[6])
			local claimed = {}
			local dead = 0
			for _, entry in ipairs(reply[2]) do
			  local id = entry[1]
			  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
			  local deliveries = pending[1] and tonumber(pending[1][4]) or 1
			  if max > 0 and deliveries > max then
			    local fields = {}
			    for _, v in ipairs(entry[2]) do table.insert(fields, v) end
			    local failure = redis.call('HGET', KEYS[3], ARGV[1] .. '/' .. id)
			    for _, v in ipairs({'dlq.reason', 'max-deliveries', 'dlq.exception', failure or 'unknown',
			        'dlq.deliveries', tostring(deliveries - 1), 'dlq.listener', ARGV[7], 'dlq.source-id', id,
			        'dlq.at', ARGV[8]}) do table.insert(fields, v) end
			    redis.call('XADD', KEYS[2], '*', unpack(fields))
			    redis.call('XACK', KEYS[1], ARGV[1], id)
			    redis.call('HDEL', KEYS[3], ARGV[1] .. '/' .. id)
			    dead = dead + 1
			  else
			    table.insert(claimed, {id, entry[2], deliveries})
			  end
			end
			return {reply[1], claimed, #deleted, dead}
			""");

	private final RedisConnections connections;

	private final StreamSettings settings;

	private final String listenerId;

	private final BoundedWorkers<StreamEntry> workers;

	private final ListenerMetrics metrics;

	private final byte[][] keys;

	PendingRecovery(RedisConnections connections, StreamSettings settings, String listenerId, String failuresKey,
			BoundedWorkers<StreamEntry> workers, ListenerMetrics metrics) {
		this.connections = connections;
		this.settings = settings;
		this.listenerId = listenerId;
		this.workers = workers;
		this.metrics = metrics;
		String deadLetterKey = settings.hasDeadLetter() ? settings.deadLetterKey() : settings.key();
		this.keys = new byte[][] { bytes(settings.key()), bytes(deadLetterKey), bytes(failuresKey) };
	}

	/**
	 * Claims and hands over idle pending entries until none are left or the workers' buffer is full.
	 */
	void run() {
		String start = "0-0";
		try {
			do {
				int room = this.workers.reserveAvailable(this.settings.batchSize());
				if (room == 0) {
					return;
				}
				List<StreamEntry> entries = new ArrayList<>(room);
				List<?> reply;
				try {
					reply = claim(start, room);
					for (Object claimed : (List<?>) reply.get(1)) {
						entries.add(StreamEntry.fromScript((List<?>) claimed));
						this.metrics.retried(this.settings.key());
					}
				}
				finally {
					this.workers.handOver(entries, room);
				}
				start = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
				long deleted = (Long) reply.get(2);
				if (deleted > 0) {
					this.metrics.deletedWhilePending(this.settings.key(), deleted);
					logger.info("Listener '" + this.listenerId + "': " + deleted
							+ " pending entries were deleted from " + this.settings.describe() + "; acknowledged");
				}
				long dead = (Long) reply.get(3);
				if (dead > 0) {
					this.metrics.deadLettered(this.settings.key(), "max-deliveries", dead);
					logger.warn("Listener '" + this.listenerId + "': dead-lettered " + dead + " entries of "
							+ this.settings.describe() + " after " + this.settings.maxDeliveries() + " deliveries");
				}
			}
			while (!start.equals("0-0"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.warn("Listener '" + this.listenerId + "': pending recovery of " + this.settings.describe()
					+ " failed; retrying on the next run: " + ex);
		}
	}

	private List<?> claim(String start, int count) throws Exception {
		int maxDeliveries = this.settings.hasDeadLetter() ? this.settings.maxDeliveries() : 0;
		return CLAIM.<List<?>>run(this.connections.commands(), ScriptOutputType.MULTI, this.keys,
				bytes(this.settings.group()), bytes(this.settings.consumer()),
				bytes(Long.toString(this.settings.claimMinIdle().toMillis())), bytes(start),
				bytes(Integer.toString(count)), bytes(Integer.toString(maxDeliveries)), bytes(this.listenerId),
				bytes(Long.toString(System.currentTimeMillis())))
			.toCompletableFuture()
			.get(30, TimeUnit.SECONDS);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.Limit;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.Range;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Periodic group bookkeeping: refreshes the values behind the pending, lag and dead-letter gauges (so that a
 * metrics scrape never waits for Redis), and removes consumers that have no pending entries and have been idle
 * longer than {@code consumerIdleTimeout}, so a group does not collect the names of consumers from old
 * restarts; the check and the removal are one script, so a consumer that claims entries meanwhile keeps them.
 * <p>
 * The lag is Redis's ({@code XINFO GROUPS}), with one correction: a lag above 0 while no entry follows the group's
 * last delivered id contradicts the group's state (Redis derives the lag from counters that a failover or
 * {@code XGROUP SETID} can leave wrong), and is reported as 0. A lag Redis cannot compute (nil) is reported as 0.
 */
final class GroupMaintenance {

	private static final Log logger = LogFactory.getLog(GroupMaintenance.class);

	/**
	 * KEYS: stream. ARGV: group, consumer, idle limit ms. Deletes the consumer only if, at that moment, it has no
	 * pending entries and has been idle longer than the limit (it may have claimed or read entries since it was
	 * listed, and deleting a consumer drops its pending entries); returns -1 when it does not.
	 */
	private static final RedisScript DELETE_IF_IDLE = new RedisScript("""
			for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
			  local fields = {}
			  for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
			  if fields['name'] == ARGV[2] then
			    if fields['pending'] == 0 and fields['idle'] > tonumber(ARGV[3]) then
			      return redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
			    end
			    return -1
			  end
			end
			return -1
			""");

	private final RedisConnections connections;

	private final StreamSettings settings;

	private final String listenerId;

	private final byte[] key;

	private final byte[] group;

	private final AtomicLong pending = new AtomicLong();

	private final AtomicLong lag = new AtomicLong();

	private final AtomicLong deadLetters = new AtomicLong();

	GroupMaintenance(RedisConnections connections, StreamSettings settings, String listenerId,
			ListenerMetrics metrics) {
		this.connections = connections;
		this.settings = settings;
		this.listenerId = listenerId;
		this.key = settings.key().getBytes(StandardCharsets.UTF_8);
		this.group = settings.group().getBytes(StandardCharsets.UTF_8);
		metrics.gauge("redis.messaging.pending", settings.key(), "Entries delivered to the group and not acknowledged",
				this.pending::get);
		metrics.gauge("redis.messaging.lag", settings.key(), "Entries not yet delivered to the group", this.lag::get);
		if (settings.hasDeadLetter()) {
			metrics.gauge("redis.messaging.dead-letter.size", settings.key(), "Entries in the dead-letter stream",
					this.deadLetters::get);
		}
	}

	/**
	 * The last known pending count, lag and dead-letter count.
	 */
	Map<String, Object> figures() {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("pending", this.pending.get());
		figures.put("lag", this.lag.get());
		if (this.settings.hasDeadLetter()) {
			figures.put("deadLetters", this.deadLetters.get());
		}
		return figures;
	}

	void run() {
		try {
			RedisClusterAsyncCommands<byte[], byte[]> commands = this.connections.commands();
			refreshGroupInfo(commands);
			if (this.settings.hasDeadLetter()) {
				this.deadLetters.set(commands.xlen(this.settings.deadLetterKey().getBytes(StandardCharsets.UTF_8))
					.get(10, TimeUnit.SECONDS));
			}
			removeIdleConsumers(commands);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.debug("Listener '" + this.listenerId + "': group maintenance failed; retrying next run", ex);
		}
	}

	private void refreshGroupInfo(RedisClusterAsyncCommands<byte[], byte[]> commands) throws Exception {
		for (Object info : commands.xinfoGroups(this.key).get(10, TimeUnit.SECONDS)) {
			Map<String, Object> group = asMap((List<?>) info);
			if (this.settings.group().equals(text(group.get("name")))) {
				this.pending.set(number(group.get("pending")));
				long reported = number(group.get("lag"));
				this.lag.set((reported > 0 && nothingAfter(commands, text(group.get("last-delivered-id"))))
						? 0 : reported);
			}
		}
	}

	/** Whether no entry of the stream follows the id. */
	private boolean nothingAfter(RedisClusterAsyncCommands<byte[], byte[]> commands, String lastDelivered)
			throws Exception {
		return commands
			.xrange(this.key, Range.from(Range.Boundary.excluding(lastDelivered), Range.Boundary.unbounded()),
					Limit.from(1))
			.get(10, TimeUnit.SECONDS)
			.isEmpty();
	}

	private void removeIdleConsumers(RedisClusterAsyncCommands<byte[], byte[]> commands) throws Exception {
		long idleLimit = this.settings.consumerIdleTimeout().toMillis();
		for (Object info : commands.xinfoConsumers(this.key, this.group).get(10, TimeUnit.SECONDS)) {
			Map<String, Object> consumer = asMap((List<?>) info);
			String name = text(consumer.get("name"));
			if (!name.equals(this.settings.consumer()) && number(consumer.get("pending")) == 0
					&& number(consumer.get("idle")) > idleLimit) {
				long removed = DELETE_IF_IDLE
					.<Long>run(commands, ScriptOutputType.INTEGER, new byte[][] { this.key }, this.group,
							name.getBytes(StandardCharsets.UTF_8), Long.toString(idleLimit).getBytes(StandardCharsets.UTF_8))
					.toCompletableFuture()
					.get(10, TimeUnit.SECONDS);
				if (removed >= 0) {
					logger.info("Listener '" + this.listenerId + "' removed idle consumer '" + name + "' from "
							+ this.settings.describe());
				}
			}
		}
	}

	private static Map<String, Object> asMap(List<?> flat) {
		Map<String, Object> map = new HashMap<>();
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			map.put(text(flat.get(i)), flat.get(i + 1));
		}
		return map;
	}

	private static String text(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

	private static long number(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		return (value != null) ? Long.parseLong(text(value)) : 0;
	}

}

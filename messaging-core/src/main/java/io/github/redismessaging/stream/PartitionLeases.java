package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.ScriptOutputType;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;

/**
 * The Redis side of who consumes which partition of a partitioned stream, for one group:
 * <ul>
 * <li>the group's members, a sorted set {@code {stream}:members:<group>} of consumer names scored by when each last
 * said it was alive (Redis {@code TIME}); a member silent longer than the lease is dropped;</li>
 * <li>one lease per partition, the string {@code {stream/i}:owner:<group>} holding the owner's consumer name, with
 * an expiry ({@code PX}) of the lease time, in the partition's slot so that an acknowledgment can check it in the
 * same script ({@link Acker}).</li>
 * </ul>
 * A member is named by its consumer name and a token drawn at start ({@link #owner()}), so that instances given
 * the same consumer name by configuration still own partitions apart.
 * <p>
 * Everything read is untrusted: a member scored in the future (no live member can be) is dropped; a lease key
 * without an expiry or of another type is not a lease this library wrote, and is taken over as if free.
 */
final class PartitionLeases {

	/**
	 * KEYS: members. ARGV: consumer, lease ms. Drops members silent for longer than the lease or scored in the
	 * future, records this one, and returns {replaced (1 when the key had another type), members...}.
	 */
	private static final RedisScript HEARTBEAT = new RedisScript("""
			local t = redis.call('TIME')
			local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			local lease = tonumber(ARGV[2])
			local kind = redis.call('TYPE', KEYS[1])['ok']
			local replaced = 0
			if kind ~= 'zset' and kind ~= 'none' then
			  redis.call('DEL', KEYS[1])
			  replaced = 1
			end
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - lease))
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '(' .. (now + 1000), '+inf')
			redis.call('ZADD', KEYS[1], now, ARGV[1])
			redis.call('PEXPIRE', KEYS[1], 3 * lease)
			local members = redis.call('ZRANGE', KEYS[1], 0, -1)
			table.insert(members, 1, tostring(replaced))
			return members
			""");

	/**
	 * KEYS: lease. ARGV: consumer, lease ms. Keeps the lease of its owner or takes a free one: returns 1; 2 when
	 * what it replaced was not a lease (another type, no expiry, or one more than ten leases away: no instance
	 * sets that); 0 when another consumer holds it.
	 */
	private static final RedisScript TAKE_OR_KEEP = new RedisScript("""
			local current = redis.pcall('GET', KEYS[1])
			local readable = type(current) ~= 'table'
			if readable and current == ARGV[1] then
			  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			  return 1
			end
			local ttl = redis.call('PTTL', KEYS[1])
			if readable and current and ttl >= 0 and ttl <= 10 * tonumber(ARGV[2]) then return 0 end
			local replaced = (not readable or current) and 2 or 1
			redis.call('DEL', KEYS[1])
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			return replaced
			""");

	/**
	 * KEYS: lease. ARGV: lease ms. Returns the holder of the lease, or nil where there is none, or where the key
	 * is not a lease as {@link #TAKE_OR_KEEP} sees it, which replaces it.
	 */
	private static final RedisScript HOLDER = new RedisScript("""
			local current = redis.pcall('GET', KEYS[1])
			if type(current) == 'table' or not current then return false end
			local ttl = redis.call('PTTL', KEYS[1])
			if ttl < 0 or ttl > 10 * tonumber(ARGV[1]) then return false end
			return current
			""");

	/** KEYS: lease. ARGV: consumer. Deletes the lease if the consumer holds it; returns 1 then, else 0. */
	private static final RedisScript RELEASE = new RedisScript("""
			local current = redis.pcall('GET', KEYS[1])
			if type(current) ~= 'table' and current == ARGV[1] then
			  redis.call('DEL', KEYS[1])
			  return 1
			end
			return 0
			""");

	/** The owner of a partition whose node did not answer in time. */
	static final String UNKNOWN = "?";

	private final RedisConnections connections;

	private final byte[] membersKey;

	private final List<byte[]> leaseKeys;

	private final String owner;

	private final byte[] consumer;

	private final byte[] leaseMillis;

	private final Duration lease;

	PartitionLeases(RedisConnections connections, KeyNames keys, StreamPartitions partitions, StreamSettings settings) {
		this.connections = connections;
		this.membersKey = bytes(keys.companion(settings.stream(), "members:" + settings.group()));
		this.leaseKeys = new ArrayList<>(partitions.count());
		for (String key : partitions.keys()) {
			this.leaseKeys.add(bytes(leaseKey(key, settings.group())));
		}
		this.owner = settings.consumer() + "@" + HexFormat.of().toHexDigits(new SecureRandom().nextInt());
		this.consumer = bytes(this.owner);
		this.lease = settings.partitionLease();
		this.leaseMillis = bytes(Long.toString(this.lease.toMillis()));
	}

	/**
	 * The lease key of a partition for a group.
	 * @param partitionKey the partition's stream key
	 * @param group the group
	 * @return {@code {stream/i}:owner:<group>}
	 */
	private static String leaseKey(String partitionKey, String group) {
		return KeyNames.NO_PREFIX.companion(partitionKey, "owner:" + group);
	}

	/**
	 * This member's name in the members set and in the leases it holds.
	 * @return {@code <consumer>@<token>}
	 */
	String owner() {
		return this.owner;
	}

	/**
	 * The lease key of a partition.
	 * @param partition the partition number
	 * @return the key
	 */
	String leaseKey(int partition) {
		return new String(this.leaseKeys.get(partition), StandardCharsets.UTF_8);
	}

	Duration lease() {
		return this.lease;
	}

	/**
	 * Says this member is alive and returns the live members.
	 * @return the members, sorted by name, this one included
	 */
	Members heartbeat(Duration timeout) throws Exception {
		List<?> reply = HEARTBEAT.<List<?>>run(this.connections.commands(), ScriptOutputType.MULTI,
				new byte[][] { this.membersKey }, this.consumer, this.leaseMillis)
			.toCompletableFuture()
			.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		List<String> names = new ArrayList<>(reply.size());
		for (int i = 1; i < reply.size(); i++) {
			names.add(text(reply.get(i)));
		}
		names.sort(null);
		return new Members(names, "1".equals(text(reply.get(0))));
	}

	/** Leaves the group's members, so that the others rebalance at once rather than after the lease. */
	CompletionStage<Long> leave() {
		return this.connections.commands().zrem(this.membersKey, this.consumer);
	}

	/**
	 * Reads every partition's owner, pipelined.
	 * @return the owners by partition: {@code null} where a partition has none, its key is not a lease, or reading
	 * it failed; {@link #UNKNOWN} where no reply came in time (a slow node), which no member takes
	 */
	List<@Nullable String> owners(Duration timeout) throws Exception {
		List<CompletableFuture<byte[]>> replies = new ArrayList<>(this.leaseKeys.size());
		for (byte[] key : this.leaseKeys) {
			replies.add(HOLDER
				.<byte[]>run(this.connections.commands(), ScriptOutputType.VALUE, new byte[][] { key },
						this.leaseMillis)
				.toCompletableFuture()
				.exceptionally((ex) -> null));
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		List<@Nullable String> owners = new ArrayList<>(replies.size());
		for (CompletableFuture<byte[]> reply : replies) {
			try {
				byte[] owner = reply.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
						TimeUnit.MILLISECONDS);
				owners.add((owner != null) ? new String(owner, StandardCharsets.UTF_8) : null);
			}
			catch (TimeoutException ex) {
				owners.add(UNKNOWN);
			}
		}
		return owners;
	}

	/**
	 * Takes or keeps a partition's lease, without waiting.
	 * @return 1 when this member holds the lease now, 2 when it replaced something that was not a lease, 0 when
	 * another member holds it
	 */
	CompletionStage<Long> takeOrKeep(int partition) {
		return TAKE_OR_KEEP.run(this.connections.commands(), ScriptOutputType.INTEGER,
				new byte[][] { this.leaseKeys.get(partition) }, this.consumer, this.leaseMillis);
	}

	/** Deletes a partition's lease if this member holds it, without waiting. */
	CompletionStage<Long> release(int partition) {
		return RELEASE.run(this.connections.commands(), ScriptOutputType.INTEGER,
				new byte[][] { this.leaseKeys.get(partition) }, this.consumer);
	}

	private static String text(Object value) {
		return (value instanceof byte[] raw) ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(value);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The live members of a group.
	 * @param names the consumer names, sorted
	 * @param replaced whether the members key had another type and was replaced
	 */
	record Members(List<String> names, boolean replaced) {
	}

}

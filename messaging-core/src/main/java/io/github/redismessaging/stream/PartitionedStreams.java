package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;

/**
 * Records and reads how many partitions a partitioned stream has: field {@code partitions} of the hash
 * {@code {stream}:meta}, written once (HSETNX) by whichever listener or producer declares the stream first, and
 * never changed after, since every record key's partition depends on it.
 * <p>
 * What is read there is untrusted. A meta key of another type, or a count that is not a plain decimal from 1 to
 * 1024, fails with an {@link IllegalStateException} that names the key and the value and says how to repair it;
 * it never reads as "not partitioned", which would send entries to a stream key that no listener reads. Nothing is
 * written then.
 */
public final class PartitionedStreams {

	private static final byte[] FIELD = bytes("partitions");

	/** A count as this class writes it: decimal, no sign, no leading zero, no blanks. */
	private static final Pattern COUNT = Pattern.compile("[1-9][0-9]{0,3}");

	/** How many characters of a bad value a message shows. */
	private static final int SHOWN = 64;

	private PartitionedStreams() {
	}

	/**
	 * Declares a partitioned stream: records its partition count unless one is recorded already (HSETNX), and
	 * checks the count recorded against the one asked for. Synchronous: for startup and first use.
	 * @param connections the connections to Redis
	 * @param keys the key prefix
	 * @param name the logical stream's name, without braces
	 * @param count the number of partitions, 1 to 1024
	 * @return the stream's partitions
	 * @throws IllegalArgumentException if the count is out of range or the name has braces
	 * @throws PartitionCountMismatchException if another count is recorded
	 * @throws IllegalStateException if the meta key is damaged (see the class description)
	 */
	public static StreamPartitions declare(RedisConnections connections, KeyNames keys, String name, int count) {
		if (count < 1 || count > StreamSettings.MAX_PARTITIONS) {
			throw new IllegalArgumentException("A partitioned stream has 1 to " + StreamSettings.MAX_PARTITIONS
					+ " partitions, not " + count);
		}
		StreamPartitions partitions = StreamPartitions.of(keys, name, count);
		String metaKey = partitions.metaKey();
		// Read first, so that a damaged meta key is refused before anything is written to it.
		Integer recorded = read(connections, metaKey);
		if (recorded == null) {
			await(connections.commands().hsetnx(bytes(metaKey), FIELD, bytes(Integer.toString(count))));
			recorded = read(connections, metaKey);
		}
		if (recorded == null) {
			throw new IllegalStateException(metaKey + " was deleted while the partition count of stream '" + name
					+ "' was recorded in it; declare the stream again");
		}
		if (recorded != count) {
			throw new PartitionCountMismatchException(name, metaKey, recorded, count);
		}
		return partitions;
	}

	/**
	 * The partitions of a stream, as recorded in Redis.
	 * @param connections the connections to Redis
	 * @param keys the key prefix
	 * @param name the logical stream's name
	 * @return the partitions, or {@code null} when the stream is not partitioned ({@code {stream}:meta} does not
	 * exist)
	 * @throws IllegalStateException if the meta key is damaged (see the class description)
	 */
	public static @Nullable StreamPartitions recorded(RedisConnections connections, KeyNames keys, String name) {
		Integer count = read(connections, StreamPartitions.metaKey(keys, name));
		return (count != null) ? StreamPartitions.of(keys, name, count) : null;
	}

	private static @Nullable Integer read(RedisConnections connections, String metaKey) {
		RedisClusterAsyncCommands<byte[], byte[]> commands = connections.commands();
		byte[] key = bytes(metaKey);
		CompletionStage<String> type = commands.type(key);
		CompletionStage<byte[]> value = commands.hget(key, FIELD);
		String found = await(type);
		if ("none".equals(found)) {
			return null;
		}
		String repair = "DEL " + metaKey + " if the stream has no data yet, or else HSET " + metaKey
				+ " partitions <count> with the count it was created with";
		if (!"hash".equals(found)) {
			throw new IllegalStateException(metaKey + " holds a " + found + ", not the hash that records the "
					+ "partition count of a partitioned stream; " + repair);
		}
		byte[] raw = await(value);
		if (raw == null) {
			throw new IllegalStateException(metaKey + " has no field 'partitions', the partition count of a "
					+ "partitioned stream; " + repair);
		}
		String text = new String(raw, StandardCharsets.UTF_8);
		if (!COUNT.matcher(text).matches() || Integer.parseInt(text) > StreamSettings.MAX_PARTITIONS) {
			throw new IllegalStateException(metaKey + " field 'partitions' is " + shown(text)
					+ ", not a partition count from 1 to " + StreamSettings.MAX_PARTITIONS + "; " + repair);
		}
		return Integer.parseInt(text);
	}

	/** A value read from Redis as a message shows it: quoted, control characters as {@code ?}, cut short. */
	private static String shown(String text) {
		String cut = (text.length() > SHOWN) ? text.substring(0, SHOWN) + "…" : text;
		StringBuilder shown = new StringBuilder("'");
		cut.codePoints().forEach((c) -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
		return shown.append('\'').toString();
	}

	private static <T> T await(CompletionStage<T> stage) {
		try {
			return stage.toCompletableFuture().join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

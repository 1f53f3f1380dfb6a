package io.github.redismessaging.publish;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.stream.PartitionedStreams;

/**
 * Knows which streams are partitioned, and which partition an append goes to.
 * <p>
 * Whether a stream is partitioned is read from its {@code {stream}:meta} ({@link PartitionedStreams#recorded}) on
 * first use. A partition count never changes, so a found one is kept for good; "not partitioned" is kept for
 * {@link #NOT_PARTITIONED_FOR}, so that a stream a listener partitions later is picked up that much later at most.
 * A damaged meta key is never kept: every use reads it again, and fails. A blank name, or one with braces (after
 * the prefix), is never partitioned, and never looked up; the plain operations judge it.
 */
final class PartitionLookup {

	/** How long a stream found not partitioned is taken as such before Redis is asked again. */
	static final Duration NOT_PARTITIONED_FOR = Duration.ofSeconds(1);

	/** How many names found not partitioned are kept before the expired ones are dropped. */
	private static final int PLAIN_NAMES = 10_000;

	private final RedisConnections connections;

	private final KeyNames keys;

	private final ConcurrentMap<String, Partitioned> partitioned = new ConcurrentHashMap<>();

	/** Names found not partitioned, with the {@link System#nanoTime()} until which that holds. */
	private final ConcurrentMap<String, Long> plainUntil = new ConcurrentHashMap<>();

	PartitionLookup(RedisConnections connections, KeyNames keys) {
		this.connections = connections;
		this.keys = keys;
	}

	/**
	 * A stream's partitions, if it is partitioned.
	 * @return the partitions, or {@code null} if the stream is not partitioned
	 */
	@Nullable Partitioned find(@Nullable String stream) {
		if (stream == null || stream.isBlank()) {
			return null;
		}
		Partitioned known = this.partitioned.get(stream);
		if (known != null) {
			return known;
		}
		String key = this.keys.key(stream);
		if (key.indexOf('{') >= 0 || key.indexOf('}') >= 0) {
			return null;
		}
		long now = System.nanoTime();
		Long until = this.plainUntil.get(stream);
		if (until != null && now - until < 0) {
			return null;
		}
		StreamPartitions recorded = PartitionedStreams.recorded(this.connections, this.keys, stream);
		if (recorded == null) {
			if (this.plainUntil.size() >= PLAIN_NAMES) {
				this.plainUntil.values().removeIf((expiry) -> now - expiry >= 0);
			}
			this.plainUntil.put(stream, now + NOT_PARTITIONED_FOR.toNanos());
			return null;
		}
		this.plainUntil.remove(stream);
		return this.partitioned.computeIfAbsent(stream, (name) -> new Partitioned(recorded));
	}

	/**
	 * Declares a partitioned stream ({@link PartitionedStreams#declare}) and keeps its partitions.
	 */
	StreamPartitions declare(String stream, int count) {
		StreamPartitions partitions = PartitionedStreams.declare(this.connections, this.keys,
				Arguments.name(stream, "stream"), count);
		this.partitioned.putIfAbsent(stream, new Partitioned(partitions));
		this.plainUntil.remove(stream);
		return partitions;
	}

	/**
	 * A partitioned stream, and where its next append without a key goes.
	 */
	static final class Partitioned {

		private final StreamPartitions partitions;

		/** Starts anywhere, so that short-lived producers do not all begin with partition 0. */
		private final AtomicInteger next = new AtomicInteger(ThreadLocalRandom.current().nextInt());

		Partitioned(StreamPartitions partitions) {
			this.partitions = partitions;
		}

		StreamPartitions partitions() {
			return this.partitions;
		}

		/**
		 * The partition key an append goes to: its key's partition, or, without a key, the next in turn.
		 */
		String keyFor(@Nullable String key) {
			return (key != null) ? this.partitions.keyFor(key)
					: this.partitions.keys().get(Math.floorMod(this.next.getAndIncrement(), this.partitions.count()));
		}

	}

}

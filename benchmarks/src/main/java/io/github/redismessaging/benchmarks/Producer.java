package io.github.redismessaging.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.stream.StreamFields;

/**
 * The one producer every contender gets: pipelined XADD, LPUSH or PUBLISH from one connection, up to two batches
 * of 1,000 commands in flight, with the same bytes for every contender. Backlogs are produced before a run starts (the run measures the drain); pub/sub is
 * published during the run, at full speed.
 */
public final class Producer implements AutoCloseable {

	/** Commands in flight per pipelined batch. */
	static final int PIPELINE = 1_000;

	/** Items per LPUSH when filling a queue backlog. */
	private static final int ITEMS_PER_PUSH = 100;

	/** The record key's field, as the template's keyed append writes it. */
	private static final String KEY_FIELD = StreamFields.HEADER_PREFIX + StreamFields.KEY_HEADER;

	private final StatefulConnection<String, byte[]> connection;

	private final RedisClusterAsyncCommands<String, byte[]> commands;

	private final boolean batchedWrites;

	/**
	 * Creates a producer with its own connection.
	 * @param redis the server
	 */
	public Producer(Redis redis) {
		this(redis.connectBytes(), false);
	}

	/**
	 * Creates a producer on a connection it then owns.
	 * @param connection a connection with String keys and byte[] values
	 * @param batchedWrites whether each batch of commands is written at once ({@code setAutoFlushCommands(false)}
	 * and one flush per batch, as the Lettuce reference guide shows for bulk loading) rather than each command as
	 * it is issued: fewer system calls, so the producer of the end-to-end runs outpaces every consumer
	 */
	Producer(StatefulRedisConnection<String, byte[]> connection, boolean batchedWrites) {
		this(connection, connection.async(), batchedWrites);
	}

	/**
	 * Creates a producer on a connection it then owns, a server's or a cluster's.
	 * @param connection the connection
	 * @param commands its asynchronous commands
	 * @param batchedWrites whether each batch of commands is written at once, see above
	 */
	Producer(StatefulConnection<String, byte[]> connection, RedisClusterAsyncCommands<String, byte[]> commands,
			boolean batchedWrites) {
		this.connection = connection;
		this.commands = commands;
		this.batchedWrites = batchedWrites;
		this.connection.setAutoFlushCommands(!batchedWrites);
	}

	/**
	 * Appends {@code count} entries {@code payload=<json>} to a stream, as {@code template.append} would.
	 * @param stream the stream
	 * @param count how many, numbered from 0
	 */
	public void fillStream(String stream, int count) {
		Pipeline pipeline = new Pipeline(PIPELINE);
		XAddArgs args = new XAddArgs();
		for (int seq = 0; seq < count; seq++) {
			pipeline.add(this.commands.xadd(stream, args, "payload", Payloads.payload(seq, 0)));
		}
		pipeline.finish();
	}

	/**
	 * Appends {@code count} entries with random record keys to a partitioned stream, as the template's keyed append
	 * would: each to its key's partition ({@link StreamPartitions#keyFor}), fields {@code payload} and {@code h.key}.
	 * @param stream the logical stream, without a key prefix
	 * @param partitions its number of partitions
	 * @param count how many, numbered from 0
	 */
	public void fillPartitioned(String stream, int partitions, int count) {
		StreamPartitions keys = StreamPartitions.of(KeyNames.NO_PREFIX, stream, partitions);
		SplittableRandom random = new SplittableRandom();
		Pipeline pipeline = new Pipeline(PIPELINE);
		XAddArgs args = new XAddArgs();
		for (int seq = 0; seq < count; seq++) {
			String key = Long.toHexString(random.nextLong());
			pipeline.add(this.commands.xadd(keys.keyFor(key), args, StreamFields.PAYLOAD, Payloads.payload(seq, 0),
					KEY_FIELD, key.getBytes(StandardCharsets.UTF_8)));
		}
		pipeline.finish();
	}

	/**
	 * Pushes {@code count} queue envelopes, {@code ITEMS_PER_PUSH} per LPUSH, as {@code template.enqueueAll} does.
	 * @param queue the list
	 * @param count how many, numbered from 0
	 */
	public void fillQueue(String queue, int count) {
		Pipeline pipeline = new Pipeline(PIPELINE / 10);
		for (int from = 0; from < count; from += ITEMS_PER_PUSH) {
			int size = Math.min(ITEMS_PER_PUSH, count - from);
			byte[][] items = new byte[size][];
			for (int i = 0; i < size; i++) {
				items[i] = Payloads.envelope(from + i, 0);
			}
			pipeline.add(this.commands.lpush(queue, items));
		}
		pipeline.finish();
	}

	/**
	 * Publishes {@code count} messages as fast as one pipelined connection can.
	 * @param channel the channel
	 * @param count how many, numbered from 0
	 */
	public void publish(String channel, int count) {
		Pipeline pipeline = new Pipeline(PIPELINE);
		for (int seq = 0; seq < count; seq++) {
			pipeline.add(this.commands.publish(channel, Payloads.payload(seq, 0)));
		}
		pipeline.finish();
	}

	/**
	 * Sends one message stamped with the current time, for latency runs.
	 * @param kind which structure
	 * @param key the stream, queue or channel
	 * @param seq the sequence number
	 * @return the command's future
	 */
	public RedisFuture<?> sendStamped(Kind kind, String key, int seq) {
		long now = System.nanoTime();
		return switch (kind) {
			case STREAM -> this.commands.xadd(key, "payload", Payloads.payload(seq, now));
			case QUEUE -> this.commands.lpush(key, Payloads.envelope(seq, now));
			case PUBSUB -> this.commands.publish(key, Payloads.payload(seq, now));
		};
	}

	/**
	 * Commands in flight in batches: a full batch is sent (flushed, with batched writes), then the batch before it
	 * is awaited, so that at most two batches are in flight and the connection never runs dry between them.
	 */
	private final class Pipeline {

		private final int batch;

		private List<RedisFuture<?>> current = Redis.batch();

		private List<RedisFuture<?>> previous = Redis.batch();

		Pipeline(int batch) {
			this.batch = batch;
		}

		void add(RedisFuture<?> command) {
			this.current.add(command);
			if (this.current.size() == this.batch) {
				send();
			}
		}

		private void send() {
			if (Producer.this.batchedWrites) {
				Producer.this.connection.flushCommands();
			}
			Redis.awaitAll(this.previous);
			List<RedisFuture<?>> sent = this.current;
			this.current = this.previous;
			this.previous = sent;
		}

		void finish() {
			send();
			Redis.awaitAll(this.previous);
		}

	}

	@Override
	public void close() {
		this.connection.close();
	}

	/** The three structures the starter consumes. */
	public enum Kind {
		/** {@code @StreamListener}. */
		STREAM,
		/** {@code @QueueListener}. */
		QUEUE,
		/** {@code @RedisSubscriber}. */
		PUBSUB
	}

}

package io.github.redismessaging.benchmarks;

import java.util.List;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * The one producer every contender gets: pipelined XADD, LPUSH or PUBLISH from one connection, with the same
 * bytes for every contender. Backlogs are produced before a run starts (the run measures the drain); pub/sub is
 * published during the run, at full speed.
 */
public final class Producer implements AutoCloseable {

	/** Commands in flight per pipelined batch. */
	static final int PIPELINE = 1_000;

	/** Items per LPUSH when filling a queue backlog. */
	private static final int ITEMS_PER_PUSH = 100;

	private final StatefulRedisConnection<String, byte[]> connection;

	private final RedisAsyncCommands<String, byte[]> commands;

	/**
	 * Creates a producer with its own connection.
	 * @param redis the server
	 */
	public Producer(Redis redis) {
		this(redis.connectBytes());
	}

	/**
	 * Creates a producer on a connection it then owns.
	 * @param connection a connection with String keys and byte[] values
	 */
	Producer(StatefulRedisConnection<String, byte[]> connection) {
		this.connection = connection;
		this.commands = this.connection.async();
	}

	/**
	 * Appends {@code count} entries {@code payload=<json>} to a stream, as {@code template.append} would.
	 * @param stream the stream
	 * @param count how many, numbered from 0
	 */
	public void fillStream(String stream, int count) {
		List<RedisFuture<?>> inFlight = Redis.batch();
		XAddArgs args = new XAddArgs();
		for (int seq = 0; seq < count; seq++) {
			inFlight.add(this.commands.xadd(stream, args, "payload", Payloads.payload(seq, 0)));
			if (inFlight.size() == PIPELINE) {
				Redis.awaitAll(inFlight);
			}
		}
		Redis.awaitAll(inFlight);
	}

	/**
	 * Pushes {@code count} queue envelopes, {@code ITEMS_PER_PUSH} per LPUSH, as {@code template.enqueueAll} does.
	 * @param queue the list
	 * @param count how many, numbered from 0
	 */
	public void fillQueue(String queue, int count) {
		List<RedisFuture<?>> inFlight = Redis.batch();
		for (int from = 0; from < count; from += ITEMS_PER_PUSH) {
			int size = Math.min(ITEMS_PER_PUSH, count - from);
			byte[][] items = new byte[size][];
			for (int i = 0; i < size; i++) {
				items[i] = Payloads.envelope(from + i, 0);
			}
			inFlight.add(this.commands.lpush(queue, items));
			if (inFlight.size() == PIPELINE / 10) {
				Redis.awaitAll(inFlight);
			}
		}
		Redis.awaitAll(inFlight);
	}

	/**
	 * Publishes {@code count} messages as fast as one pipelined connection can.
	 * @param channel the channel
	 * @param count how many, numbered from 0
	 */
	public void publish(String channel, int count) {
		List<RedisFuture<?>> inFlight = Redis.batch();
		for (int seq = 0; seq < count; seq++) {
			inFlight.add(this.commands.publish(channel, Payloads.payload(seq, 0)));
			if (inFlight.size() == PIPELINE) {
				Redis.awaitAll(inFlight);
			}
		}
		Redis.awaitAll(inFlight);
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

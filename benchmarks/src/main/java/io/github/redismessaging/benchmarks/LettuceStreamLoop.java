package io.github.redismessaging.benchmarks;

import java.util.List;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;

/**
 * The hand-written Lettuce stream consumer, as the Lettuce reference guide's examples write it: on one dedicated
 * connection, {@code XREADGROUP COUNT 100 BLOCK 200} on the sync API, the entries recorded on the calling thread,
 * then one {@code XACK} for the batch. With {@code asyncAck} the XACK goes through the async API and is not awaited:
 * the next read queues behind it on the same connection, so one round trip per batch is saved (a failed XACK leaves
 * the entries pending, as a crash would).
 */
public final class LettuceStreamLoop extends LoopContender {

	private static final String GROUP = "bench";

	private final Redis redis;

	private final boolean asyncAck;

	private final StatefulRedisConnection<String, String> connection;

	/**
	 * Creates the loop.
	 * @param name table name
	 * @param key the stream
	 * @param redis the server
	 * @param asyncAck whether XACK is sent without awaiting its reply
	 */
	public LettuceStreamLoop(String name, String key, Redis redis, boolean asyncAck) {
		super(name, key, 1);
		this.redis = redis;
		this.asyncAck = asyncAck;
		this.connection = redis.client().connect(StringCodec.UTF8);
	}

	@Override
	public void prepare() {
		this.redis.admin().sync().del(key());
		this.redis.admin().sync().xgroupCreate(StreamOffset.latest(key()), GROUP, io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
	}

	@Override
	protected void poll(int worker, Tally tally) {
		List<StreamMessage<String, String>> messages = this.connection.sync()
			.xreadgroup(Consumer.from(GROUP, "loop"), XReadArgs.Builder.count(100).block(200),
					StreamOffset.lastConsumed(key()));
		if (messages.isEmpty()) {
			return;
		}
		String[] ids = new String[messages.size()];
		for (int i = 0; i < ids.length; i++) {
			StreamMessage<String, String> message = messages.get(i);
			tally.record(message.getBody().get("payload"));
			ids[i] = message.getId();
		}
		if (this.asyncAck) {
			this.connection.async().xack(key(), GROUP, ids);
		}
		else {
			this.connection.sync().xack(key(), GROUP, ids);
		}
	}

	@Override
	public void close() {
		this.connection.close();
	}

}

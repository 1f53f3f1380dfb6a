package io.github.redismessaging.benchmarks;

import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;

/**
 * The hand-written Lettuce queue consumers, one item per round trip as such loops are usually written:
 * {@link Style#BRPOP} (at most once), {@link Style#BLMOVE_LREM} (the classic reliable queue: move into a processing
 * list, remove after handling), and {@link Style#RPOP_COUNT}, the "physical reference" popping 100 items per command.
 */
public final class LettuceQueueLoop extends LoopContender {

	private final Redis redis;

	private final Style style;

	private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();

	/**
	 * Creates the loop.
	 * @param name table name
	 * @param key the list
	 * @param redis the server
	 * @param style which commands
	 */
	public LettuceQueueLoop(String name, String key, Redis redis, Style style) {
		super(name, key, 1);
		this.redis = redis;
		this.style = style;
		this.connections.add(redis.client().connect(StringCodec.UTF8));
	}

	@Override
	public void prepare() {
		this.redis.admin().sync().del(key(), processing());
	}

	@Override
	protected void poll(int worker, Tally tally) {
		RedisCommands<String, String> commands = this.connections.get(worker).sync();
		switch (this.style) {
			case BRPOP -> {
				KeyValue<String, String> item = commands.brpop(0.2, key());
				if (item != null && item.hasValue()) {
					tally.record(item.getValue());
				}
			}
			case BLMOVE_LREM -> {
				String item = commands.blmove(key(), processing(), LMoveArgs.Builder.rightLeft(), 0.2);
				if (item != null) {
					tally.record(item);
					commands.lrem(processing(), 1, item);
				}
			}
			case RPOP_COUNT -> {
				List<String> items = commands.rpop(key(), 100);
				if (items == null || items.isEmpty()) {
					// a poll of an empty list without BLOCK: back off a little instead of spinning
					java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
					return;
				}
				items.forEach(tally::record);
			}
		}
	}

	private String processing() {
		return key() + ":processing";
	}

	@Override
	public void close() {
		this.connections.forEach(StatefulRedisConnection::close);
	}

	/** The commands a loop uses. */
	public enum Style {
		/** {@code BRPOP}: one item per round trip, at most once. */
		BRPOP,
		/** {@code BLMOVE} into a processing list, then {@code LREM}: two round trips per item, at least once. */
		BLMOVE_LREM,
		/** {@code RPOP key 100}: the raw pop rate, the physical reference. */
		RPOP_COUNT
	}

}

package io.github.redismessaging.benchmarks;

import java.time.Duration;
import java.util.Map;

import org.redisson.Redisson;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RStream;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The Redisson contenders (org.redisson:redisson 4.7.0, Java 8 bytecode, runs on Boot's Netty 4.2). One client with
 * Redisson's default settings serves all three, as an application would have one.
 */
public final class RedissonContenders implements AutoCloseable {

	private static final String GROUP = "bench";

	private final RedissonClient client;

	private final Redis redis;

	/**
	 * Connects to the server.
	 * @param redis the server
	 */
	public RedissonContenders(Redis redis) {
		this.redis = redis;
		Config config = new Config();
		config.useSingleServer().setAddress("redis://" + redis.server().host() + ":" + redis.server().port());
		this.client = Redisson.create(config);
	}

	/**
	 * {@code RStream.readGroup} with count 100, then one {@code ack} of the batch.
	 * @param name table name
	 * @param key the stream
	 * @return the contender
	 */
	public Contender stream(String name, String key) {
		RStream<String, String> stream = this.client.getStream(key, StringCodec.INSTANCE);
		return new LoopContender(name, key, 1) {

			@Override
			public void prepare() {
				RedissonContenders.this.redis.admin().sync().del(key);
				stream.createGroup(StreamCreateGroupArgs.name(GROUP).id(StreamMessageId.NEWEST).makeStream());
			}

			@Override
			protected void poll(int worker, Tally tally) {
				Map<StreamMessageId, Map<String, String>> batch = stream.readGroup(GROUP, "redisson",
						StreamReadGroupArgs.neverDelivered().count(100).timeout(Duration.ofMillis(200)));
				if (batch == null || batch.isEmpty()) {
					return;
				}
				batch.values().forEach((fields) -> tally.record(fields.get("payload")));
				stream.ack(GROUP, batch.keySet().toArray(StreamMessageId[]::new));
			}

			@Override
			public void close() {
			}
		};
	}

	/**
	 * {@code RBlockingQueue.take()} (BLPOP without timeout). Stopping pushes one wake-up marker per thread, since
	 * take() never returns on its own and interrupting it could leave a BLPOP pending that steals the next run's item.
	 * @param name table name
	 * @param key the list
	 * @return the contender
	 */
	public Contender queue(String name, String key) {
		RBlockingQueue<String> queue = this.client.getBlockingQueue(key, StringCodec.INSTANCE);
		return new LoopContender(name, key, 1) {

			@Override
			public void prepare() {
				RedissonContenders.this.redis.admin().sync().del(key);
			}

			@Override
			protected void poll(int worker, Tally tally) {
				try {
					String item = queue.take();
					if (!WAKE_UP.equals(item)) {
						tally.record(item);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}

			@Override
			protected void wakeUp() {
				RedissonContenders.this.redis.admin().sync().lpush(key, WAKE_UP);
			}

			@Override
			public void close() {
			}
		};
	}

	/**
	 * An {@code RTopic} listener.
	 * @param name table name
	 * @param channel the channel
	 * @return the contender
	 */
	public Contender topic(String name, String channel) {
		RTopic topic = this.client.getTopic(channel, StringCodec.INSTANCE);
		SubscriberContender contender = new SubscriberContender(name, channel, this.redis) {
		};
		topic.addListener(String.class, (ch, message) -> contender.received(message));
		return contender;
	}

	private static final String WAKE_UP = "wake-up";

	@Override
	public void close() {
		this.client.shutdown();
	}

}

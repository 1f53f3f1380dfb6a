package io.github.redismessaging.benchmarks;

import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/** Factories of the raw Lettuce and Spring Data Redis pub/sub contenders. */
public final class PubSubContenders {

	private PubSubContenders() {
	}

	/**
	 * A raw Lettuce pub/sub listener: the message is recorded on Lettuce's event loop, no hand-off at all.
	 * @param name table name
	 * @param channel the channel
	 * @param redis the server
	 * @return the contender
	 */
	public static Contender lettuce(String name, String channel, Redis redis) {
		StatefulRedisPubSubConnection<String, String> connection = redis.client().connectPubSub(StringCodec.UTF8);
		SubscriberContender contender = new SubscriberContender(name, channel, redis) {

			@Override
			public void close() {
				connection.close();
			}
		};
		connection.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(String ch, String message) {
				contender.received(message);
			}
		});
		connection.sync().subscribe(channel);
		return contender;
	}

	/**
	 * Spring Data Redis's {@link RedisMessageListenerContainer} with its default executor (a new thread per
	 * message: {@code SimpleAsyncTaskExecutor}).
	 * @param name table name
	 * @param channel the channel
	 * @param redis the server
	 * @param factory a started connection factory
	 * @return the contender
	 */
	public static Contender springDataRedis(String name, String channel, Redis redis, RedisConnectionFactory factory) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(factory);
		SubscriberContender contender = new SubscriberContender(name, channel, redis) {

			@Override
			public void close() {
				container.stop();
			}
		};
		container.addMessageListener(
				(message, pattern) -> contender.received(new String(message.getBody(), StandardCharsets.UTF_8)),
				new ChannelTopic(channel));
		container.afterPropertiesSet();
		container.start();
		return contender;
	}

}

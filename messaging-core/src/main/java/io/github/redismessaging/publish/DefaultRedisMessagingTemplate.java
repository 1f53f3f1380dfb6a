package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

import org.springframework.util.Assert;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;

final class DefaultRedisMessagingTemplate implements RedisMessagingTemplate {

	private final RedisConnections connections;

	private final PayloadCodec codec;

	DefaultRedisMessagingTemplate(RedisConnections connections, PayloadCodec codec) {
		this.connections = connections;
		this.codec = codec;
	}

	@Override
	public long publish(String channel, Object payload) {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connections.commands();
		return await(commands.publish(name(channel), encode(payload)));
	}

	@Override
	public long publishSharded(String channel, Object payload) {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connections.commands();
		return await(commands.spublish(name(channel), encode(payload)));
	}

	private static byte[] name(String channel) {
		Assert.hasText(channel, "channel must not be empty");
		return channel.getBytes(StandardCharsets.UTF_8);
	}

	private byte[] encode(Object payload) {
		Assert.notNull(payload, "payload must not be null");
		return this.codec.encode(payload);
	}

	private static <T> T await(RedisFuture<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Redis", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(cause);
		}
	}

}

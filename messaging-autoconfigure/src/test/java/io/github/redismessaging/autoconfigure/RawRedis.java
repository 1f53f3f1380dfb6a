package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import io.github.redismessaging.test.RedisCluster;
import io.github.redismessaging.test.RedisServer;

/**
 * A plain Lettuce connection for tests to write and inspect Redis as another tool would.
 */
final class RawRedis implements AutoCloseable {

	/** Short, so that a write to a node that was just killed fails fast and the producer retries. */
	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	private final AbstractRedisClient client;

	private final StatefulConnection<String, String> connection;

	private final RedisClusterCommands<String, String> commands;

	private RawRedis(AbstractRedisClient client, StatefulConnection<String, String> connection,
			RedisClusterCommands<String, String> commands) {
		this.client = client;
		this.connection = connection;
		this.commands = commands;
	}

	static RawRedis of(RedisServer server) {
		RedisURI uri = RedisURI.create(server.uri());
		uri.setTimeout(COMMAND_TIMEOUT);
		RedisClient client = RedisClient.create(uri);
		StatefulRedisConnection<String, String> connection = client.connect();
		return new RawRedis(client, connection, connection.sync());
	}

	static RawRedis of(RedisCluster cluster) {
		RedisClusterClient client = RedisClusterClient.create(cluster.uris().stream().map((text) -> {
			RedisURI uri = RedisURI.create(text);
			uri.setTimeout(COMMAND_TIMEOUT);
			return uri;
		}).toList());
		StatefulRedisClusterConnection<String, String> connection = client.connect();
		return new RawRedis(client, connection, connection.sync());
	}

	RedisClusterCommands<String, String> commands() {
		return this.commands;
	}

	String add(String stream, String payload) {
		return this.commands.xadd(stream, Map.of("payload", payload));
	}

	/**
	 * The items of a queue held in take lists ({@code {queue}:take:*}), under a lease or left there.
	 */
	List<String> taken(String queue) {
		return this.commands.keys("{" + queue + "}:take:*")
			.stream()
			.flatMap((key) -> this.commands.lrange(key, 0, -1).stream())
			.toList();
	}

	long pending(String stream, String group) {
		return this.commands.xpending(stream, group).getCount();
	}

	List<StreamMessage<String, String>> all(String stream) {
		return this.commands.xrange(stream, Range.create("-", "+"));
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}

package io.github.redismessaging.test;

import java.time.Duration;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * A lazily opened Lettuce connection to one server, used by the launchers for PING, CLUSTER and FLUSHALL.
 *
 * <p>It never reconnects by itself: a killed or restarted server makes the next command fail fast instead of hanging,
 * and the connection is then reopened on the following call.
 */
final class AdminConnection implements AutoCloseable {

	/** Short enough that a paused node does not stall cluster polling for long. */
	static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);

	private final RedisURI uri;

	private StatefulRedisConnection<String, String> connection;

	AdminConnection(String host, int port, String username, String password) {
		RedisURI.Builder builder = RedisURI.builder().withHost(host).withPort(port).withTimeout(COMMAND_TIMEOUT);
		if (username != null) {
			builder.withAuthentication(username, password);
		}
		else if (password != null) {
			builder.withPassword(password.toCharArray());
		}
		this.uri = builder.build();
	}

	/**
	 * Runs {@code action} on the connection, opening it first if needed.
	 * @param <T> the result type
	 * @param action what to send
	 * @return what {@code action} returned
	 * @throws RuntimeException whatever Lettuce threw; the connection is dropped so the next call starts afresh
	 */
	synchronized <T> T call(Function<RedisCommands<String, String>, T> action) {
		try {
			if (this.connection == null || !this.connection.isOpen()) {
				close();
				this.connection = SharedClient.INSTANCE.connect(this.uri);
			}
			return action.apply(this.connection.sync());
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	@Override
	public synchronized void close() {
		if (this.connection != null) {
			this.connection.closeAsync();
			this.connection = null;
		}
	}

	/** One small client per JVM: Netty event loops are expensive, connections are cheap. */
	private static final class SharedClient {

		static final RedisClient INSTANCE = create();

		private static RedisClient create() {
			ClientResources resources = DefaultClientResources.builder()
				.ioThreadPoolSize(2)
				.computationThreadPoolSize(2)
				.build();
			RedisClient client = RedisClient.create(resources);
			client.setOptions(ClientOptions.builder()
				.autoReconnect(false)
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
				.build());
			return client;
		}

	}

}

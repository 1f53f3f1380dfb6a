package io.github.redismessaging.connection;

import java.time.Duration;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * How the library reaches Redis: one shared, pipelined connection for non-blocking commands, and the native
 * Lettuce client from which containers open their dedicated connections (subscriptions, blocking reads).
 * <p>
 * The same interface serves standalone, sentinel and cluster deployments: {@link #commands()} is typed on the
 * command interface that both {@code RedisAsyncCommands} and {@code RedisAdvancedClusterAsyncCommands} share.
 */
public interface RedisConnections extends AutoCloseable {

	/**
	 * The shared connection's asynchronous commands, opened on first use. Never run a blocking command on it.
	 * @return the commands of the shared connection
	 */
	RedisClusterAsyncCommands<byte[], byte[]> commands();

	/**
	 * Opens a connection for one fetch loop's blocking commands. Its command timeout is set to {@code timeout},
	 * which the caller chooses above its block time, so that a blocking read is never cut short by the shared
	 * command timeout of {@code spring.data.redis.timeout}.
	 * @param timeout the command timeout of the new connection
	 * @return the connection; the caller closes it
	 */
	DedicatedConnection openDedicated(Duration timeout);

	/**
	 * The native Lettuce client: a {@code RedisClient} (standalone or sentinel) or a {@code RedisClusterClient}.
	 * @return the client
	 */
	AbstractRedisClient client();

	/**
	 * Whether Redis is a cluster.
	 * @return {@code true} for a {@code RedisClusterClient}
	 */
	boolean isCluster();

	/**
	 * Closes the shared connection. The client itself belongs to whoever supplied it and stays open.
	 */
	@Override
	void close();

	/**
	 * Creates the connections over a client that is looked up lazily, so that the connection factory which owns
	 * it (for example Boot's {@code LettuceConnectionFactory}) may start after this object is created.
	 * @param client supplies the native client
	 * @return the connections
	 */
	static RedisConnections of(Supplier<? extends AbstractRedisClient> client) {
		return new LettuceRedisConnections(client);
	}

}

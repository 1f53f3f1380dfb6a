package io.github.redismessaging.connection;

import java.time.Duration;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * A connection owned by one fetch loop, for blocking commands (XREADGROUP BLOCK, BLMOVE) that must never run
 * on the shared connection.
 */
public interface DedicatedConnection extends AutoCloseable {

	/**
	 * The connection's commands; in a cluster, routed to the node owning each key.
	 * @return the commands
	 */
	RedisClusterAsyncCommands<byte[], byte[]> commands();

	/**
	 * Caps a block time so that a blocking command returns before the command timeout that applies to it. A
	 * standalone connection takes the timeout it was opened with; in a cluster, commands run on node connections
	 * that keep the client's default timeout ({@code spring.data.redis.timeout}), so the block must stay below it.
	 * @param block the configured block time
	 * @return the block time to use
	 */
	Duration cap(Duration block);

	/**
	 * Closes the connection, cancelling a command that is blocked on it.
	 */
	@Override
	void close();

}

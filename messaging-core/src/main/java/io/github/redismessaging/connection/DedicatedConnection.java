package io.github.redismessaging.connection;

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
	 * Closes the connection, cancelling a command that is blocked on it.
	 */
	@Override
	void close();

}

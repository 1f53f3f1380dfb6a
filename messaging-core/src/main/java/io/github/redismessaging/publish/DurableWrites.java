package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.ReplicatedWrite;

/**
 * Sends the template's writes with their {@link Durability}: without one, on the shared connection; with one,
 * followed by WAIT on the connection that carried the write, failing with a {@link DurabilityException} when too
 * few replicas acknowledged it.
 */
final class DurableWrites {

	private DurableWrites() {
	}

	/**
	 * Sends a write and waits for its reply, and for its replicas if the durability asks for them.
	 * @param key the key written, which chooses the master in a cluster
	 * @param write sends the write, to this key's slot only, through the commands it is given and no others
	 */
	static <T> T write(RedisConnections connections, byte[] key,
			Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> write,
			Durability durability) {
		if (!durability.waitsForReplicas()) {
			return Futures.await(write.apply(connections.commands()));
		}
		ReplicatedWrite<T> written = Futures
			.await(connections.writeAndWait(key, write, durability.replicas(), durability.timeout()));
		if (written.acknowledged() < durability.replicas()) {
			throw new DurabilityException(new String(key, StandardCharsets.UTF_8), written.master(),
					written.acknowledged(), durability.replicas(), durability.timeout());
		}
		return written.reply();
	}

}

package io.github.redismessaging.connection;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * How the library reaches Redis: one shared, pipelined connection for non-blocking commands, the native Lettuce
 * client from which containers open their dedicated connections (subscriptions, blocking reads), and a connection
 * for writes that wait for replicas.
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
	 * Sends a write and, once it is answered, {@code WAIT replicas timeout} on the same connection, so that the reply
	 * counts the replicas that have the write. In a cluster, both go to the master that owns the key's slot, over one
	 * node connection; a write answered with {@code MOVED} (the slot moved, or a failover that the client's topology does
	 * not show yet) refreshes the topology and is sent once more, to the new owner.
	 * <p>
	 * This runs on a connection of its own, not on the shared one: WAIT blocks the connection it runs on until enough
	 * replicas acknowledge or the timeout passes, and delays every command sent after it there. Writes to one server
	 * share that connection and run in turn, so a WAIT also counts the replicas of the writes sent before it on the
	 * connection, never fewer. Its command timeout is the client's ({@code spring.data.redis.timeout}): keep
	 * {@code timeout} well below it, or the command times out first.
	 * @param <T> the type of the write's reply
	 * @param key the key written, which chooses the master in a cluster
	 * @param write sends the write, to this key's slot only, through the commands it is given and no others; it may
	 * take several commands, such as a script's EVALSHA and then EVAL
	 * @param replicas how many replicas must acknowledge, at least 1
	 * @param timeout how long WAIT waits for them at most, at least 1 ms
	 * @return the write's reply, how many replicas acknowledged it and the master that took it; fails as the write
	 * fails
	 * @throws IllegalArgumentException if {@code replicas} is below 1 or {@code timeout} below 1 ms
	 */
	<T> CompletionStage<ReplicatedWrite<T>> writeAndWait(byte[] key,
			Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> write, int replicas,
			Duration timeout);

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
	 * Registers an action to run each time Sentinel reports a new master, after the shared and fetch connections
	 * were dropped (they reconnect to the new master on their next use). Subscriptions use it to move. Never runs
	 * on a standalone or cluster deployment. The action runs on a Lettuce event executor and must not block.
	 * @param action what to do
	 * @return closing it unregisters the action
	 */
	AutoCloseable onMasterSwitch(Runnable action);

	/**
	 * Whether these connections follow a Sentinel-managed master.
	 * @return {@code true} if they were created with the sentinels' URI
	 */
	boolean followsSentinel();

	/**
	 * Asks the sentinels at once whether the master changed (for example after a command timed out); does nothing
	 * when not on Sentinel. Never blocks.
	 */
	void checkMaster();

	/**
	 * Closes the shared connection and the connection of writes that wait for replicas, and stops following the
	 * master. The client itself belongs to whoever supplied it and stays open.
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
		return new LettuceRedisConnections(client, null);
	}

	/**
	 * Creates the connections over a client that is looked up lazily, following the master that the given
	 * sentinels report: within about a second of a failover, every connection moves to the new master, and a new
	 * connection that lands on another server (a sentinel that lags) is refused.
	 * @param client supplies the native client, a {@code RedisClient} configured for the same sentinels
	 * @param sentinel the master name and the sentinel nodes, with their credentials; {@code null} when Redis is
	 * not managed by Sentinel
	 * @return the connections
	 */
	static RedisConnections of(Supplier<? extends AbstractRedisClient> client, @Nullable RedisURI sentinel) {
		return new LettuceRedisConnections(client, sentinel);
	}

}

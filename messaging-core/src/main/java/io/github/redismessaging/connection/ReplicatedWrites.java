package io.github.redismessaging.connection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Writes that wait for replicas: once a write is answered, {@code WAIT} follows on the connection that carried it,
 * so that its reply counts the replicas that have the write. They run on a connection of their own, never on the
 * shared one: WAIT blocks the connection it runs on until enough replicas acknowledge or its timeout passes, and
 * every command sent after it on that connection waits as long.
 * <ul>
 * <li><b>Standalone and Sentinel.</b> One connection to the server, opened on first use (on Sentinel, confirmed to
 * reach the master that Sentinel reports), dropped on a master switch and when its server answers {@code READONLY},
 * and opened again by the next write.</li>
 * <li><b>Cluster.</b> One cluster connection; a write and its WAIT go to the master that owns the key's slot, over
 * that connection's node connection to it. A node connection does not follow redirections: a write answered with
 * {@code MOVED} (the slot moved, or a failover the client's topology does not show yet) refreshes the topology and
 * is sent once more, to the new owner; the first wrote nothing.</li>
 * </ul>
 * Writes to one server share its connection and run in turn: each waits for the WAITs sent before it.
 */
final class ReplicatedWrites implements AutoCloseable {

	private static final String UNKNOWN = "unknown";

	private final Supplier<? extends AbstractRedisClient> client;

	private final Supplier<StatefulRedisConnection<byte[], byte[]>> openServer;

	private final Runnable timedOut;

	/** Held while a connection is opened, so that one caller opens it; {@link #close()} never waits for it. */
	private final Object connecting = new Object();

	private final AtomicReference<@Nullable Opened> opened = new AtomicReference<>();

	/**
	 * Creates the writes, with no connection open yet.
	 * @param client supplies the native client
	 * @param openServer opens a connection to a standalone or Sentinel-managed server, confirmed on Sentinel
	 * @param timedOut what to do when a command to such a server timed out (on Sentinel, it may have been replaced)
	 */
	ReplicatedWrites(Supplier<? extends AbstractRedisClient> client,
			Supplier<StatefulRedisConnection<byte[], byte[]>> openServer, Runnable timedOut) {
		this.client = client;
		this.openServer = openServer;
		this.timedOut = timedOut;
	}

	<T> CompletionStage<ReplicatedWrite<T>> writeAndWait(byte[] key,
			Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> write, int replicas,
			Duration timeout) {
		if (replicas < 1) {
			throw new IllegalArgumentException("replicas must be at least 1, not " + replicas);
		}
		if (timeout.toMillis() < 1) {
			throw new IllegalArgumentException("timeout must be at least 1ms (WAIT 0 would wait forever), not "
					+ timeout);
		}
		return opened().writeAndWait(key, write, replicas, timeout.toMillis());
	}

	private Opened opened() {
		Opened current = this.opened.get();
		if (current != null) {
			return current;
		}
		synchronized (this.connecting) {
			current = this.opened.get();
			if (current == null) {
				current = open();
				this.opened.set(current);
			}
			return current;
		}
	}

	private Opened open() {
		if (this.client.get() instanceof RedisClusterClient cluster) {
			return new ClusterWrites(cluster, cluster.connect(ByteArrayCodec.INSTANCE));
		}
		StatefulRedisConnection<byte[], byte[]> connection = this.openServer.get();
		RedisClusterAsyncCommands<byte[], byte[]> commands = DemotedServerDetector.watch(connection.async(),
				() -> drop(connection), this.timedOut);
		CompletionStage<String> address = commands.clientInfo()
			.thenApply(ReplicatedWrites::localAddress)
			.exceptionally((ex) -> UNKNOWN);
		return new ServerWrites(connection, commands, address);
	}

	/**
	 * Sentinel reports a new master: the server connection is dropped, and the next write opens one to the new
	 * master. Writes in flight on it fail; what they sent to the old master is lost with it.
	 */
	void switched() {
		Opened current = this.opened.get();
		if (current != null) {
			drop(current.connection());
		}
	}

	/**
	 * Drops a connection if it is still the one in use: its server was demoted, or Sentinel moved to another master.
	 */
	private void drop(StatefulConnection<byte[], byte[]> connection) {
		Opened current = this.opened.get();
		if (current != null && current.connection() == connection && this.opened.compareAndSet(current, null)) {
			connection.closeAsync();
		}
	}

	@Override
	public void close() {
		Opened current = this.opened.getAndSet(null);
		// The client may have closed it already: Boot stops the connection factory before destroying beans.
		if (current != null && current.connection().isOpen()) {
			current.connection().close();
		}
	}

	/**
	 * Sends the write and, once it is answered, WAIT on the same connection, so that WAIT counts the replicas that
	 * have the write (and whatever else was written on the connection before it). Not pipelined: a write may take
	 * more than one command, such as a script's EVALSHA and then, on NOSCRIPT, its EVAL.
	 */
	private static <T> CompletionStage<ReplicatedWrite<T>> send(RedisClusterAsyncCommands<byte[], byte[]> commands,
			CompletionStage<String> master,
			Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> write, int replicas,
			long timeoutMillis) {
		return write.apply(commands)
			.thenCompose((reply) -> commands.waitForReplication(replicas, timeoutMillis)
				.thenCombine(master,
						(acknowledged, address) -> new ReplicatedWrite<>(reply, acknowledged.intValue(), address)));
	}

	/**
	 * The server's end of the connection in a {@code CLIENT INFO} reply ({@code laddr}, Redis 6.2 and later).
	 */
	private static String localAddress(String clientInfo) {
		for (String field : clientInfo.trim().split(" ")) {
			if (field.startsWith("laddr=") && field.length() > "laddr=".length()) {
				return field.substring("laddr=".length());
			}
		}
		return UNKNOWN;
	}

	private static boolean isMoved(Throwable failure) {
		Throwable cause = unwrap(failure);
		return cause instanceof RedisCommandExecutionException
				&& String.valueOf(cause.getMessage()).startsWith("MOVED ");
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/** An open connection and how a write and its WAIT travel on it. */
	private interface Opened {

		StatefulConnection<byte[], byte[]> connection();

		<T> CompletionStage<ReplicatedWrite<T>> writeAndWait(byte[] key,
				Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> write, int replicas,
				long timeoutMillis);

	}

	/** A connection to a standalone or Sentinel-managed server, and the server's address as it reports it. */
	private record ServerWrites(StatefulConnection<byte[], byte[]> connection,
			RedisClusterAsyncCommands<byte[], byte[]> commands, CompletionStage<String> address) implements Opened {

		@Override
		public <T> CompletionStage<ReplicatedWrite<T>> writeAndWait(byte[] key,
				Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> write, int replicas,
				long timeoutMillis) {
			return send(this.commands, this.address, write, replicas, timeoutMillis);
		}

	}

	/** A cluster connection, whose node connection to a key's master carries the write and its WAIT. */
	private record ClusterWrites(RedisClusterClient client,
			StatefulRedisClusterConnection<byte[], byte[]> connection) implements Opened {

		@Override
		public <T> CompletionStage<ReplicatedWrite<T>> writeAndWait(byte[] key,
				Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> write, int replicas,
				long timeoutMillis) {
			return onMaster(key, write, replicas, timeoutMillis).exceptionallyCompose((failure) -> isMoved(failure)
					? this.client.refreshPartitionsAsync()
						.thenCompose((refreshed) -> onMaster(key, write, replicas, timeoutMillis))
					: CompletableFuture.failedStage(unwrap(failure)));
		}

		private <T> CompletionStage<ReplicatedWrite<T>> onMaster(byte[] key,
				Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> write, int replicas,
				long timeoutMillis) {
			int slot = SlotHash.getSlot(key);
			RedisClusterNode master = this.connection.getPartitions().getMasterBySlot(slot);
			if (master == null) {
				return CompletableFuture.failedStage(
						new RedisException("No master owns slot " + slot + " in the client's view of the cluster"));
			}
			RedisURI uri = master.getUri();
			CompletionStage<String> address = CompletableFuture.completedStage(uri.getHost() + ":" + uri.getPort());
			return this.connection.getConnectionAsync(uri.getHost(), uri.getPort())
				.thenCompose((node) -> send(node.async(), address, write, replicas, timeoutMillis));
		}

	}

}

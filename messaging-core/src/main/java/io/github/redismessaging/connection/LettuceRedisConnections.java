package io.github.redismessaging.connection;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

final class LettuceRedisConnections implements RedisConnections {

	private static final Log logger = LogFactory.getLog(LettuceRedisConnections.class);

	/** How much earlier than the command timeout a blocking command must return. */
	private static final Duration BLOCK_MARGIN = Duration.ofMillis(500);

	private static final Duration MIN_BLOCK = Duration.ofMillis(100);

	private final Supplier<? extends AbstractRedisClient> clientSupplier;

	/** Guards the shared connection's fields; never held while connecting. */
	private final Object monitor = new Object();

	/**
	 * Held while the shared connection is opened, so that one caller opens it. Separate from the monitor: Lettuce's
	 * connect may wait a long time (without end while the client shuts down), and {@link #close()} must not wait
	 * behind it.
	 */
	private final Object connecting = new Object();

	private volatile @Nullable StatefulConnection<byte[], byte[]> shared;

	private volatile @Nullable RedisClusterAsyncCommands<byte[], byte[]> commands;

	private final @Nullable RedisURI sentinel;

	private volatile @Nullable SentinelMasterWatch watch;

	private final Set<LettuceDedicatedConnection> dedicated = ConcurrentHashMap.newKeySet();

	private final List<Runnable> switchActions = new CopyOnWriteArrayList<>();

	private final ReplicatedWrites replicatedWrites;

	LettuceRedisConnections(Supplier<? extends AbstractRedisClient> clientSupplier, @Nullable RedisURI sentinel) {
		this.clientSupplier = clientSupplier;
		this.sentinel = sentinel;
		this.replicatedWrites = new ReplicatedWrites(clientSupplier, this::openServer, this::checkMaster);
	}

	/**
	 * Starts following the Sentinel master on first use of the client: the client may not exist before.
	 */
	private @Nullable SentinelMasterWatch watch() {
		SentinelMasterWatch current = this.watch;
		if (current != null || this.sentinel == null) {
			return current;
		}
		synchronized (this.monitor) {
			if (this.watch == null) {
				SentinelMasterWatch started = new SentinelMasterWatch((RedisClient) client(), this.sentinel,
						(master) -> switched());
				started.start();
				this.watch = started;
			}
			return this.watch;
		}
	}

	/**
	 * Sentinel reports a new master: the shared connection and the connection of writes that wait for replicas are
	 * dropped (the next command opens one to the new master), every fetch connection is closed (its loop opens a new
	 * one, as after any failure), and the registered actions run (subscriptions move). Commands in flight on the
	 * dropped connections fail and are retried by their callers; what they sent to the old master is lost with it.
	 */
	private void switched() {
		StatefulConnection<byte[], byte[]> old;
		synchronized (this.monitor) {
			old = this.shared;
			this.shared = null;
			this.commands = null;
		}
		if (old != null) {
			old.closeAsync();
		}
		this.replicatedWrites.switched();
		for (LettuceDedicatedConnection connection : this.dedicated) {
			connection.connection().closeAsync();
		}
		for (Runnable action : this.switchActions) {
			try {
				action.run();
			}
			catch (RuntimeException ex) {
				logger.warn("An action on a master switch failed: " + ex);
			}
		}
	}

	@Override
	public AutoCloseable onMasterSwitch(Runnable action) {
		watch();
		this.switchActions.add(action);
		return () -> this.switchActions.remove(action);
	}

	@Override
	public boolean followsSentinel() {
		return this.sentinel != null;
	}

	@Override
	public void checkMaster() {
		SentinelMasterWatch current = this.watch;
		if (current != null) {
			current.check();
		}
	}

	/**
	 * On Sentinel, refuses a new connection whose server is not the master that Sentinel reports.
	 */
	private void confirm(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> async) {
		SentinelMasterWatch current = watch();
		if (current == null) {
			return;
		}
		String refusal = current.refusal(() -> async.info("server").toCompletableFuture());
		if (refusal != null) {
			connection.closeAsync();
			throw new RedisConnectionException("Refused a new connection: " + refusal
					+ "; connecting again once the sentinels agree");
		}
	}

	@Override
	public RedisClusterAsyncCommands<byte[], byte[]> commands() {
		RedisClusterAsyncCommands<byte[], byte[]> result = this.commands;
		if (result != null) {
			return result;
		}
		synchronized (this.connecting) {
			result = this.commands;
			if (result == null) {
				result = openShared();
			}
			return result;
		}
	}

	/**
	 * Opens the shared connection. Should {@link #close()} run meanwhile (the application stopping), the connection
	 * is installed after it and closed by the client's shutdown, which closes every connection the client made.
	 */
	private RedisClusterAsyncCommands<byte[], byte[]> openShared() {
		AbstractRedisClient client = client();
		StatefulConnection<byte[], byte[]> connection;
		RedisClusterAsyncCommands<byte[], byte[]> async;
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<byte[], byte[]> opened = cluster.connect(ByteArrayCodec.INSTANCE);
			connection = opened;
			async = opened.async();
		}
		else {
			StatefulRedisConnection<byte[], byte[]> opened = ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
			connection = opened;
			async = opened.async();
		}
		if (!(client instanceof RedisClusterClient)) {
			confirm(connection, async);
		}
		StatefulConnection<byte[], byte[]> opened = connection;
		RedisClusterAsyncCommands<byte[], byte[]> watched = DemotedServerDetector.watch(async, () -> demoted(opened),
				this::checkMaster);
		synchronized (this.monitor) {
			this.shared = connection;
			this.commands = watched;
		}
		return watched;
	}

	/**
	 * The shared connection's server answered READONLY: it has become a replica (a failover demoted it) and the
	 * connection would fail every write while it lives. It is dropped, and the next command opens a new one, which
	 * Lettuce connects to the current master (through Sentinel, where the client uses it). Commands in flight on it
	 * fail and are retried by their callers, as after any lost connection.
	 */
	private void demoted(StatefulConnection<byte[], byte[]> connection) {
		synchronized (this.monitor) {
			if (this.shared != connection) {
				return;
			}
			this.shared = null;
			this.commands = null;
		}
		logger.warn("The shared Redis connection's server answered READONLY: it is a replica now (a failover "
				+ "demoted it); reconnecting to the current master");
		connection.closeAsync();
	}

	@Override
	public DedicatedConnection openDedicated(Duration timeout) {
		AbstractRedisClient client = client();
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<byte[], byte[]> connection = cluster.connect(ByteArrayCodec.INSTANCE);
			Duration nodeTimeout = connection.getTimeout();
			connection.setTimeout(timeout);
			return new LettuceDedicatedConnection(connection, connection.async(), nodeTimeout.minus(BLOCK_MARGIN),
					this.dedicated);
		}
		StatefulRedisConnection<byte[], byte[]> connection = openServer();
		connection.setTimeout(timeout);
		return track(new LettuceDedicatedConnection(connection, connection.async(), timeout.minus(BLOCK_MARGIN),
				this.dedicated));
	}

	/**
	 * Opens a connection to a standalone or Sentinel-managed server; on Sentinel, one confirmed to reach the master.
	 */
	private StatefulRedisConnection<byte[], byte[]> openServer() {
		StatefulRedisConnection<byte[], byte[]> connection = ((RedisClient) client()).connect(ByteArrayCodec.INSTANCE);
		confirm(connection, connection.async());
		return connection;
	}

	@Override
	public <T> CompletionStage<ReplicatedWrite<T>> writeAndWait(byte[] key,
			Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> write, int replicas,
			Duration timeout) {
		return this.replicatedWrites.writeAndWait(key, write, replicas, timeout);
	}

	private LettuceDedicatedConnection track(LettuceDedicatedConnection connection) {
		if (this.sentinel != null) {
			this.dedicated.add(connection);
		}
		return connection;
	}

	@Override
	public AbstractRedisClient client() {
		return this.clientSupplier.get();
	}

	/** A fetch loop's connection; on Sentinel, tracked while open so that a master switch can close it. */
	private static final class LettuceDedicatedConnection implements DedicatedConnection {

		private final StatefulConnection<byte[], byte[]> connection;

		private final RedisClusterAsyncCommands<byte[], byte[]> commands;

		private final Duration blockLimit;

		private final Set<LettuceDedicatedConnection> tracked;

		LettuceDedicatedConnection(StatefulConnection<byte[], byte[]> connection,
				RedisClusterAsyncCommands<byte[], byte[]> commands, Duration blockLimit,
				Set<LettuceDedicatedConnection> tracked) {
			this.connection = connection;
			this.commands = commands;
			this.blockLimit = blockLimit;
			this.tracked = tracked;
		}

		StatefulConnection<byte[], byte[]> connection() {
			return this.connection;
		}

		@Override
		public RedisClusterAsyncCommands<byte[], byte[]> commands() {
			return this.commands;
		}

		@Override
		public Duration cap(Duration block) {
			Duration limit = (this.blockLimit.compareTo(MIN_BLOCK) < 0) ? MIN_BLOCK : this.blockLimit;
			return (block.compareTo(limit) > 0) ? limit : block;
		}

		@Override
		public void close() {
			this.tracked.remove(this);
			// A master switch may have closed it already; Lettuce would warn of a second close.
			if (this.connection.isOpen()) {
				this.connection.close();
			}
		}

	}

	@Override
	public boolean isCluster() {
		return client() instanceof RedisClusterClient;
	}

	@Override
	public void close() {
		SentinelMasterWatch current = this.watch;
		if (current != null) {
			current.close();
		}
		synchronized (this.monitor) {
			// The client may have closed it already: Boot stops the connection factory before destroying beans.
			if (this.shared != null && this.shared.isOpen()) {
				this.shared.close();
			}
			this.shared = null;
			this.commands = null;
		}
		this.replicatedWrites.close();
	}

}

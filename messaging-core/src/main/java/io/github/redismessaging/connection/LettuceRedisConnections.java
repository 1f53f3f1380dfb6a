package io.github.redismessaging.connection;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
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

	LettuceRedisConnections(Supplier<? extends AbstractRedisClient> clientSupplier) {
		this.clientSupplier = clientSupplier;
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
		StatefulConnection<byte[], byte[]> opened = connection;
		RedisClusterAsyncCommands<byte[], byte[]> watched = DemotedServerDetector.watch(async, () -> demoted(opened));
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
			return new LettuceDedicatedConnection(connection, connection.async(), nodeTimeout.minus(BLOCK_MARGIN));
		}
		StatefulRedisConnection<byte[], byte[]> connection = ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
		connection.setTimeout(timeout);
		return new LettuceDedicatedConnection(connection, connection.async(), timeout.minus(BLOCK_MARGIN));
	}

	@Override
	public AbstractRedisClient client() {
		return this.clientSupplier.get();
	}

	private record LettuceDedicatedConnection(StatefulConnection<byte[], byte[]> connection,
			RedisClusterAsyncCommands<byte[], byte[]> commands, Duration blockLimit) implements DedicatedConnection {

		@Override
		public Duration cap(Duration block) {
			Duration limit = (this.blockLimit.compareTo(MIN_BLOCK) < 0) ? MIN_BLOCK : this.blockLimit;
			return (block.compareTo(limit) > 0) ? limit : block;
		}

		@Override
		public void close() {
			this.connection.close();
		}

	}

	@Override
	public boolean isCluster() {
		return client() instanceof RedisClusterClient;
	}

	@Override
	public void close() {
		synchronized (this.monitor) {
			// The client may have closed it already: Boot stops the connection factory before destroying beans.
			if (this.shared != null && this.shared.isOpen()) {
				this.shared.close();
			}
			this.shared = null;
			this.commands = null;
		}
	}

}

package io.github.redismessaging.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;

import io.github.redismessaging.test.RedisServer;

/**
 * The Redis server of a benchmark and the plain Lettuce client shared by the producer and the hand-written
 * contenders. Each hand-written loop still opens its own connection: a blocking read must never share one.
 */
public final class Redis implements AutoCloseable {

	private final RedisServer server;

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> admin;

	private Redis(RedisServer server) {
		this.server = server;
		RedisURI uri = RedisURI.create(server.host(), server.port());
		uri.setTimeout(Duration.ofSeconds(30));
		this.client = RedisClient.create(uri);
		this.admin = this.client.connect(StringCodec.UTF8);
	}

	/**
	 * Starts a fresh {@code redis-server} (no persistence: the benchmark measures clients, not disks).
	 * @return the running server with its client
	 */
	public static Redis start() {
		return new Redis(RedisServer.builder().appendOnly(false).start());
	}

	/** @return the server, for {@code RedisTestProperties.of(server)} */
	public RedisServer server() {
		return this.server;
	}

	/** @return the Lettuce client */
	public RedisClient client() {
		return this.client;
	}

	/** @return a shared connection for short administrative commands */
	public StatefulRedisConnection<String, String> admin() {
		return this.admin;
	}

	/** @return a new connection with String keys and byte[] values */
	public StatefulRedisConnection<String, byte[]> connectBytes() {
		return this.client.connect(io.lettuce.core.codec.RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
	}

	/**
	 * Waits for a batch of pipelined commands; the producers keep at most one batch in flight so that memory
	 * stays flat however large the backlog.
	 * @param futures the commands of the batch
	 */
	public static void awaitAll(List<? extends RedisFuture<?>> futures) {
		for (RedisFuture<?> future : futures) {
			try {
				future.get(60, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("pipelined command failed", ex);
			}
		}
		futures.clear();
	}

	/** @return a list sized for one pipelined batch */
	static List<RedisFuture<?>> batch() {
		return new ArrayList<>(Producer.PIPELINE);
	}

	@Override
	public void close() {
		this.admin.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.server.close();
	}

}

package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.DedicatedConnection;
import io.github.redismessaging.listener.support.FetchLoop;

/**
 * The blocking reads of a fetch loop, on its dedicated connection: XREADGROUP for a group (creating the group
 * with MKSTREAM first if it is missing), XREAD for fan-out. On a partition, it reads only while this instance owns
 * the partition and has claimed what earlier owners left pending.
 */
final class StreamReads implements FetchLoop.Source<StreamEntry> {

	private static final Log logger = LogFactory.getLog(StreamReads.class);

	/**
	 * How long a read waits while the partition may not be read, before the fetch loop asks again; also the least
	 * lease left for a read to start.
	 */
	private static final long NOT_READABLE_WAIT_MILLIS = 100;

	private final DedicatedConnection connection;

	private final StreamSettings settings;

	private final byte[] key;

	private final long waitMillis;

	private final Duration block;

	private final @Nullable PartitionLease lease;

	private @Nullable String lastId;

	private boolean groupReady;

	/**
	 * Creates the reads.
	 * @param lease the lease of the partition read, {@code null} for a plain stream
	 */
	StreamReads(DedicatedConnection connection, StreamSettings settings, Duration commandTimeout,
			@Nullable PartitionLease lease) {
		this.connection = connection;
		this.lease = lease;
		this.settings = settings;
		this.key = settings.key().getBytes(StandardCharsets.UTF_8);
		this.waitMillis = commandTimeout.toMillis();
		this.block = connection.cap(settings.block());
	}

	@Override
	public List<StreamEntry> fetch(int count) throws Exception {
		Duration block = this.block;
		if (this.lease != null) {
			long left = this.lease.remainingMillis() - NOT_READABLE_WAIT_MILLIS;
			if (!this.lease.readable() || left <= 0) {
				TimeUnit.MILLISECONDS.sleep(NOT_READABLE_WAIT_MILLIS);
				return List.of();
			}
			// a read must not outlast the lease: what it brought after the lease ran out would wait for a claim
			block = (left < block.toMillis()) ? Duration.ofMillis(left) : block;
		}
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connection.commands();
		if (this.settings.isGroup() && !this.groupReady) {
			ensureGroup(commands, this.settings, this.waitMillis);
			this.groupReady = true;
		}
		XReadArgs args = XReadArgs.Builder.count(count).block(block);
		List<StreamMessage<byte[], byte[]>> messages;
		if (this.settings.isGroup()) {
			if (this.settings.ackMode() == AckMode.NONE) {
				args.noack(true);
			}
			messages = commands
				.xreadgroup(Consumer.from(bytes(this.settings.group()), bytes(this.settings.consumer())), args,
						StreamOffset.lastConsumed(this.key))
				.get(this.waitMillis, TimeUnit.MILLISECONDS);
		}
		else {
			messages = commands.xread(args, StreamOffset.from(this.key, fanOutPosition(commands)))
				.get(this.waitMillis, TimeUnit.MILLISECONDS);
		}
		List<StreamEntry> entries = new ArrayList<>(messages.size());
		for (StreamMessage<byte[], byte[]> message : messages) {
			entries.add(StreamEntry.of(message, 1));
			this.lastId = message.getId();
		}
		return entries;
	}

	/**
	 * Where fan-out reads on from: the configured start, where "latest" is pinned to the newest id at the first
	 * read (re-reading "$" every time would skip entries added between two reads).
	 */
	private String fanOutPosition(RedisClusterAsyncCommands<byte[], byte[]> commands) throws Exception {
		if (this.lastId == null) {
			if (this.settings.start().equals("$")) {
				List<StreamMessage<byte[], byte[]>> newest = commands
					.xrevrange(this.key, Range.unbounded(), Limit.from(1))
					.get(this.waitMillis, TimeUnit.MILLISECONDS);
				this.lastId = newest.isEmpty() ? "0-0" : newest.get(0).getId();
			}
			else {
				this.lastId = this.settings.start();
			}
		}
		return this.lastId;
	}

	/**
	 * Creates the group at its start position, with the stream if missing, unless it exists.
	 * @param commands where to create it
	 * @param settings the listener's settings
	 * @param waitMillis how long to wait for Redis
	 * @throws Exception if Redis fails
	 */
	static void ensureGroup(RedisClusterAsyncCommands<byte[], byte[]> commands, StreamSettings settings,
			long waitMillis) throws Exception {
		try {
			ensureGroupAsync(commands, settings).toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

	/**
	 * Creates the group at its start position, with the stream if missing, unless it exists; without waiting.
	 * @param commands where to create it
	 * @param settings the listener's settings
	 * @return completes when the group exists, exceptionally if Redis failed
	 */
	static CompletionStage<Void> ensureGroupAsync(RedisClusterAsyncCommands<byte[], byte[]> commands,
			StreamSettings settings) {
		return commands
			.xgroupCreate(StreamOffset.from(bytes(settings.key()), settings.start()), bytes(settings.group()),
					XGroupCreateArgs.Builder.mkstream())
			.handle((created, ex) -> {
				if (ex == null) {
					logger.info("Created group '" + settings.group() + "' on stream '" + settings.key() + "' at "
							+ settings.start());
				}
				else if (!String.valueOf(ex.getMessage()).startsWith("BUSYGROUP")) {
					throw (ex instanceof RuntimeException runtime) ? runtime : new CompletionException(ex);
				}
				return null;
			});
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.connection.close();
	}

}

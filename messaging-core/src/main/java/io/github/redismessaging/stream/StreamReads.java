package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * with MKSTREAM first if it is missing), XREAD for fan-out.
 */
final class StreamReads implements FetchLoop.Source<StreamEntry> {

	private static final Log logger = LogFactory.getLog(StreamReads.class);

	private final DedicatedConnection connection;

	private final StreamSettings settings;

	private final byte[] key;

	private final long waitMillis;

	private final Duration block;

	private @Nullable String lastId;

	private boolean groupReady;

	StreamReads(DedicatedConnection connection, StreamSettings settings, Duration commandTimeout) {
		this.connection = connection;
		this.settings = settings;
		this.key = settings.key().getBytes(StandardCharsets.UTF_8);
		this.waitMillis = commandTimeout.toMillis();
		this.block = connection.cap(settings.block());
	}

	@Override
	public List<StreamEntry> fetch(int count) throws Exception {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connection.commands();
		if (this.settings.isGroup() && !this.groupReady) {
			ensureGroup(commands);
			this.groupReady = true;
		}
		XReadArgs args = XReadArgs.Builder.count(count).block(this.block);
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

	private void ensureGroup(RedisClusterAsyncCommands<byte[], byte[]> commands) throws Exception {
		try {
			commands.xgroupCreate(StreamOffset.from(this.key, this.settings.start()), bytes(this.settings.group()),
					XGroupCreateArgs.Builder.mkstream())
				.get(this.waitMillis, TimeUnit.MILLISECONDS);
			logger.info("Created group '" + this.settings.group() + "' on stream '" + this.settings.key() + "' at "
					+ this.settings.start());
		}
		catch (ExecutionException ex) {
			if (!String.valueOf(ex.getCause().getMessage()).startsWith("BUSYGROUP")) {
				throw ex;
			}
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.connection.close();
	}

}

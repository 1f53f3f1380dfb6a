package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;

/**
 * Reads a stream's {@link StreamInfo}: {@code XINFO STREAM} and {@code XINFO GROUPS}, then for every group
 * {@code XINFO CONSUMERS} and, where the lag needs checking, one {@code XRANGE}, all pipelined. The replies are
 * checked field by field: a group or consumer without a readable name is left out, a number that cannot be read is
 * 0 (or an unknown lag), and an id that is not an entry id is {@code null}.
 */
final class StreamInfoQuery {

	/** Up to 18 digits always fit a {@code long}. */
	private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

	private final RedisConnections connections;

	private final KeyNames keys;

	StreamInfoQuery(RedisConnections connections, KeyNames keys) {
		this.connections = connections;
		this.keys = keys;
	}

	/**
	 * The stream's info, or empty when the stream does not exist (Redis answers {@code ERR no such key}), also when
	 * it is deleted while it is read.
	 */
	Optional<StreamInfo> info(String stream) {
		byte[] key = this.keys.key(Arguments.name(stream, "stream")).getBytes(StandardCharsets.UTF_8);
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connections.commands();
		try {
			CompletionStage<List<Object>> streamReply = commands.xinfoStream(key);
			CompletionStage<List<Object>> groupsReply = commands.xinfoGroups(key);
			Map<String, Object> fields = fields(Futures.await(streamReply));
			List<GroupReply> groups = new ArrayList<>();
			for (Object reply : Futures.await(groupsReply)) {
				Map<String, Object> group = fields(reply);
				String name = text(group.get("name"));
				if (name != null && groups.size() < Arguments.MAX_COUNT) {
					groups.add(new GroupReply(commands, key, name, group));
				}
			}
			List<StreamInfo.Group> read = new ArrayList<>(groups.size());
			for (GroupReply group : groups) {
				StreamInfo.Group info = group.read();
				if (info != null) {
					read.add(info);
				}
			}
			return Optional.of(new StreamInfo(count(fields.get("length")), entryId(fields.get("first-entry")),
					entryId(fields.get("last-entry")), read));
		}
		catch (RedisCommandExecutionException ex) {
			if (isNoSuchKey(ex)) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	private static boolean isNoSuchKey(RedisCommandExecutionException ex) {
		return ex.getMessage() != null && ex.getMessage().contains("no such key");
	}

	/** A flat reply {@code name, value, name, value, ...} as a map; anything else as an empty one. */
	private static Map<String, Object> fields(@Nullable Object reply) {
		Map<String, Object> fields = new HashMap<>();
		if (reply instanceof List<?> flat) {
			for (int i = 0; i + 1 < flat.size(); i += 2) {
				String name = text(flat.get(i));
				if (name != null && flat.get(i + 1) != null) {
					fields.put(name, flat.get(i + 1));
				}
			}
		}
		return fields;
	}

	/** The id of an entry {@code [id, [field, value, ...]]}, or {@code null} (no entry, or no valid id). */
	private static @Nullable String entryId(@Nullable Object entry) {
		if (entry instanceof List<?> parts && !parts.isEmpty()) {
			String id = text(parts.get(0));
			return Arguments.isEntryId(id) ? id : null;
		}
		return null;
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof byte[] bytes && bytes.length > 0) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	/** A number of at least 0, or {@code null} if absent or unreadable. */
	private static @Nullable Long number(@Nullable Object value) {
		if (value instanceof Long number) {
			return Math.max(0, number);
		}
		String text = (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.US_ASCII) : null;
		return (text != null && DIGITS.matcher(text).matches()) ? Long.parseLong(text) : null;
	}

	private static long count(@Nullable Object value) {
		Long number = number(value);
		return (number != null) ? number : 0;
	}

	/**
	 * One group of the {@code XINFO GROUPS} reply, with the commands that complete it sent at once.
	 */
	private static final class GroupReply {

		private final String name;

		private final long pending;

		private final @Nullable String lastDeliveredId;

		private final @Nullable Long reportedLag;

		private final CompletionStage<List<Object>> consumers;

		/** The entry after the last delivered one, when the lag must be checked against it. */
		private final @Nullable CompletionStage<List<StreamMessage<byte[], byte[]>>> following;

		GroupReply(RedisClusterAsyncCommands<byte[], byte[]> commands, byte[] key, String name,
				Map<String, Object> fields) {
			this.name = name;
			this.pending = count(fields.get("pending"));
			String lastDelivered = text(fields.get("last-delivered-id"));
			this.lastDeliveredId = Arguments.isEntryId(lastDelivered) ? lastDelivered : null;
			this.reportedLag = number(fields.get("lag"));
			this.consumers = commands.xinfoConsumers(key, name.getBytes(StandardCharsets.UTF_8));
			boolean check = this.lastDeliveredId != null && (this.reportedLag == null || this.reportedLag > 0);
			this.following = check ? commands.xrange(key,
					Range.from(Range.Boundary.excluding(this.lastDeliveredId), Range.Boundary.unbounded()),
					Limit.from(1)) : null;
		}

		/**
		 * The group, or {@code null} if it was removed after {@code XINFO GROUPS} listed it (Redis answers
		 * {@code NOGROUP}).
		 */
		StreamInfo.@Nullable Group read() {
			List<Object> replies;
			try {
				replies = Futures.await(this.consumers);
			}
			catch (RedisCommandExecutionException ex) {
				if (ex.getMessage() != null && ex.getMessage().startsWith("NOGROUP")) {
					return null;
				}
				throw ex;
			}
			List<StreamInfo.Consumer> consumers = new ArrayList<>();
			for (Object reply : replies) {
				Map<String, Object> consumer = fields(reply);
				String name = text(consumer.get("name"));
				if (name != null && consumers.size() < Arguments.MAX_COUNT) {
					consumers.add(new StreamInfo.Consumer(name, count(consumer.get("pending")),
							Duration.ofMillis(count(consumer.get("idle")))));
				}
			}
			Long lag = (this.following != null && Futures.await(this.following).isEmpty()) ? Long.valueOf(0)
					: this.reportedLag;
			return new StreamInfo.Group(this.name, this.pending, lag, this.lastDeliveredId, consumers);
		}

	}

}

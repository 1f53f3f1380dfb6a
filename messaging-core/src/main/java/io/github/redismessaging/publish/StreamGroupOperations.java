package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.models.stream.PendingMessage;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;

/**
 * The consumer-group side of the template: what a group has pending, and claiming pending entries for another
 * consumer. What Redis answers is checked entry by entry: an entry without a valid id or consumer is left out, and
 * negative numbers read as 0.
 */
final class StreamGroupOperations {

	private final RedisConnections connections;

	private final KeyNames keys;

	StreamGroupOperations(RedisConnections connections, KeyNames keys) {
		this.connections = connections;
		this.keys = keys;
	}

	List<PendingEntry> pending(String stream, String group, @Nullable String consumer, int count) {
		byte[] key = key(stream);
		byte[] groupName = bytes(Arguments.name(group, "group"));
		Range<String> all = Range.create("-", "+");
		Limit limit = Limit.from(Arguments.count(count));
		List<PendingMessage> messages = Futures.await((consumer != null)
				? commands().xpending(key, Consumer.from(groupName, bytes(Arguments.name(consumer, "consumer"))), all,
						limit)
				: commands().xpending(key, groupName, all, limit));
		List<PendingEntry> entries = new ArrayList<>(messages.size());
		for (PendingMessage message : messages) {
			if (message != null && Arguments.isEntryId(message.getId()) && message.getConsumer() != null) {
				entries.add(new PendingEntry(message.getId(), message.getConsumer(),
						Duration.ofMillis(Math.max(0, message.getMsSinceLastDelivery())),
						Math.max(0, message.getRedeliveryCount())));
			}
		}
		return entries;
	}

	List<String> claim(String stream, String group, String consumer, Duration minIdle, Collection<String> ids) {
		byte[] key = key(stream);
		Consumer<byte[]> claimer = Consumer.from(bytes(Arguments.name(group, "group")),
				bytes(Arguments.name(consumer, "consumer")));
		XClaimArgs args = new XClaimArgs().justid().minIdleTime(Arguments.minIdleMillis(minIdle));
		List<String> checked = Arguments.entryIds(ids);
		if (checked.isEmpty()) {
			return List.of();
		}
		List<StreamMessage<byte[], byte[]>> claimed = Futures
			.await(commands().xclaim(key, claimer, args, checked.toArray(String[]::new)));
		List<String> claimedIds = new ArrayList<>(claimed.size());
		for (StreamMessage<byte[], byte[]> message : claimed) {
			if (message != null && Arguments.isEntryId(message.getId())) {
				claimedIds.add(message.getId());
			}
		}
		return claimedIds;
	}

	private RedisClusterAsyncCommands<byte[], byte[]> commands() {
		return this.connections.commands();
	}

	private byte[] key(String stream) {
		return bytes(this.keys.key(Arguments.name(stream, "stream")));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.queue.QueueEnvelope;

/**
 * The inspecting side of the template for queues: what waits in the delayed set {@code {q}:delayed}, and which takes
 * are leased in {@code {q}:leases} with how many items their take lists {@code {q}:take:<take id>} hold (DESIGN §4a).
 * Nothing is changed. Every element is read on its own, and none makes the call fail: an item that is not a valid
 * envelope is shown whole as its payload, a score is clamped to what an epoch-millisecond {@code long} holds.
 */
final class QueueInspection {

	/** A take id as consumers write it: {@code <consumer>:<sequence>}. */
	private static final Pattern TAKE_ID = Pattern.compile("(.+):\\d+");

	private final RedisConnections connections;

	private final KeyNames keys;

	QueueInspection(RedisConnections connections, KeyNames keys) {
		this.connections = connections;
		this.keys = keys;
	}

	List<DelayedItem> delayed(String queue, int count) {
		byte[] key = bytes(this.keys.companion(Arguments.name(queue, "queue"), "delayed"));
		List<ScoredValue<byte[]>> scored = Futures.await(commands().zrangeWithScores(key, 0,
				Arguments.count(count) - 1L));
		List<DelayedItem> items = new ArrayList<>(scored.size());
		for (ScoredValue<byte[]> value : scored) {
			if (value.hasValue()) {
				QueueEnvelope envelope = QueueEnvelope.read(value.getValue());
				items.add(new DelayedItem(envelope.id(), instant(value.getScore()),
						new String(envelope.payload(), StandardCharsets.UTF_8), envelope.attempts(), envelope.headers(),
						(envelope.enqueuedAt() > 0) ? Instant.ofEpochMilli(envelope.enqueuedAt()) : null));
			}
		}
		return items;
	}

	List<QueueLease> leases(String queue, int count) {
		String name = Arguments.name(queue, "queue");
		String takePrefix = this.keys.companion(name, "take:");
		List<ScoredValue<byte[]>> scored = Futures.await(commands().zrangeWithScores(
				bytes(this.keys.companion(name, "leases")), 0, Arguments.count(count) - 1L));
		List<ScoredValue<byte[]>> takes = new ArrayList<>(scored.size());
		List<CompletionStage<Long>> sizes = new ArrayList<>(scored.size());
		for (ScoredValue<byte[]> value : scored) {
			if (value.hasValue()) {
				takes.add(value);
				sizes.add(commands().llen(bytes(takePrefix + text(value.getValue()))));
			}
		}
		List<QueueLease> leases = new ArrayList<>(takes.size());
		for (int i = 0; i < takes.size(); i++) {
			String takeId = text(takes.get(i).getValue());
			leases.add(new QueueLease(takeId, holder(takeId), instant(takes.get(i).getScore()), items(sizes.get(i))));
		}
		return leases;
	}

	/** The consumer that wrote a take id, or {@code null} if it is not shaped {@code <consumer>:<sequence>}. */
	private static @Nullable String holder(String takeId) {
		Matcher matcher = TAKE_ID.matcher(takeId);
		return matcher.matches() ? matcher.group(1) : null;
	}

	/** The length of a take list; 0 when it is gone or, damaged, is not a list. */
	private static long items(CompletionStage<Long> size) {
		try {
			return Math.max(0, Futures.await(size));
		}
		catch (RedisCommandExecutionException ex) {
			if (ex.getMessage() != null && ex.getMessage().startsWith("WRONGTYPE")) {
				return 0;
			}
			throw ex;
		}
	}

	/** Epoch milliseconds as a sorted-set score; the cast clamps to the {@code long} range (and reads NaN as 0). */
	private static Instant instant(double score) {
		return Instant.ofEpochMilli((long) score);
	}

	private RedisClusterAsyncCommands<byte[], byte[]> commands() {
		return this.connections.commands();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}

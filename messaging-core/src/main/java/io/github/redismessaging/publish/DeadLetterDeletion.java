package io.github.redismessaging.publish;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.queue.QueueEnvelope;

/**
 * Deletes dead letters by the ids the template shows them with
 * ({@link io.github.redismessaging.deadletter.DeadLetter#id()}). Like the replay of the oldest dead letters, it tells
 * the kinds apart by the type of {@code {name}:dlq}: a list holds a queue's dead letters, a stream a stream's.
 * <ul>
 * <li>Stream: {@code XDEL} of the entry ids.</li>
 * <li>Queue: the list is read in pages, each element read leniently as the template reads dead letters (so an
 * element that is not an envelope matches its {@code raw:<hash>} id), and every element with a wanted id is removed
 * with {@code LREM} of its bytes as stored. That removes exactly that element, wherever it has moved meanwhile, and
 * nothing else: an element is never removed by its position, which other clients change. An element another client
 * removed meanwhile (a replay) is not counted. No script is needed, since each removal is one command on one key.</li>
 * </ul>
 */
final class DeadLetterDeletion {

	private static final int PAGE = 500;

	private final RedisConnections connections;

	private final KeyNames keys;

	DeadLetterDeletion(RedisConnections connections, KeyNames keys) {
		this.connections = connections;
		this.keys = keys;
	}

	int delete(String name, Collection<String> ids) {
		byte[] key = bytes(this.keys.deadLetter(Arguments.name(name, "name")));
		List<String> wanted = Arguments.ids(ids);
		if (wanted.isEmpty()) {
			return 0;
		}
		return switch (Futures.await(commands().type(key))) {
			case "none" -> 0;
			case "list" -> deleteFromList(key, new HashSet<>(wanted));
			default -> deleteFromStream(key, wanted);
		};
	}

	private int deleteFromStream(byte[] key, List<String> ids) {
		return Futures.await(commands().xdel(key, Arguments.entryIds(ids).toArray(String[]::new))).intValue();
	}

	private int deleteFromList(byte[] key, Set<String> ids) {
		Set<ByteBuffer> found = new LinkedHashSet<>();
		// From the head: the failure lifecycle pushes there, which only makes a page show an element again.
		for (long start = 0;; start += PAGE) {
			List<byte[]> page = Futures.await(commands().lrange(key, start, start + PAGE - 1));
			for (byte[] element : page) {
				if (ids.contains(QueueEnvelope.read(element).id())) {
					found.add(ByteBuffer.wrap(element));
				}
			}
			if (page.size() < PAGE) {
				break;
			}
		}
		List<CompletionStage<Long>> removals = new ArrayList<>(found.size());
		for (ByteBuffer element : found) {
			removals.add(commands().lrem(key, 0, element.array()));
		}
		long removed = 0;
		for (CompletionStage<Long> removal : removals) {
			removed += Futures.await(removal);
		}
		return (int) Math.min(Integer.MAX_VALUE, removed);
	}

	private RedisClusterAsyncCommands<byte[], byte[]> commands() {
		return this.connections.commands();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;

/**
 * Pauses and resumes queues for every consumer, wherever it runs: the flag {@code {q}:paused}, in the queue's slot,
 * holds the time it was set; while it exists, the consumers' take and pop scripts take nothing from the queue.
 */
final class QueuePauses {

	private final RedisConnections connections;

	private final KeyNames keys;

	QueuePauses(RedisConnections connections, KeyNames keys) {
		this.connections = connections;
		this.keys = keys;
	}

	void pause(String queue) {
		Futures.await(commands().set(flag(queue), bytes(Instant.now().toString())));
	}

	boolean resume(String queue) {
		return Futures.await(commands().del(flag(queue))) > 0;
	}

	boolean isPaused(String queue) {
		return Futures.await(commands().exists(flag(queue))) > 0;
	}

	private byte[] flag(String queue) {
		return bytes(this.keys.companion(Arguments.name(queue, "queue"), "paused"));
	}

	private RedisClusterAsyncCommands<byte[], byte[]> commands() {
		return this.connections.commands();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.support.BatchedCompletions;
import io.github.redismessaging.listener.support.PollingListenerContainer;

/**
 * Batches acknowledgments: one XACK carries many ids, sent without waiting on the shared pipelined connection,
 * when a batch is full or on the periodic flush. Ids whose XACK fails are queued again, so a Redis outage delays
 * acknowledgments but does not drop them (until the process dies: then the entries are redelivered, which
 * at-least-once allows).
 */
final class Acker implements PollingListenerContainer.Completions {

	private final BatchedCompletions<String> completions;

	Acker(RedisConnections connections, StreamSettings settings) {
		byte[] key = settings.key().getBytes(StandardCharsets.UTF_8);
		byte[] group = settings.group().getBytes(StandardCharsets.UTF_8);
		this.completions = new BatchedCompletions<>("XACK on " + settings.key(), settings.batchSize(),
				(ids) -> connections.commands().xack(key, group, ids.toArray(String[]::new)), (ids) -> {
				});
	}

	void ack(String id) {
		this.completions.add(id);
	}

	@Override
	public void flush() {
		this.completions.flush();
	}

	@Override
	public void flushAndWait(Duration timeout) {
		this.completions.flushAndWait(timeout);
	}

}

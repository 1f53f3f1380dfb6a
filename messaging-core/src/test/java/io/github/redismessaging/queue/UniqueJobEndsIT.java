package io.github.redismessaging.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.queue.HeldTakes.Take;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ends of a take free the keys of its unique jobs ({@code FINISH} for a whole take, {@code SETTLE} for the rest)
 * on a real Redis 7, and only the keys of jobs still in the take that still hold their job's id.
 */
class UniqueJobEndsIT {

	private final RedisClient client = RedisClient.create(SharedRedis.standalone().uri());

	private final StatefulRedisConnection<String, String> connection = this.client.connect();

	private final RedisCommands<String, String> redis = this.connection.sync();

	private final RedisConnections connections = RedisConnections.of(() -> this.client);

	private final QueueSettings settings = QueueSettings.from("c", ListenerAttributes.builder("@QueueListener 'jobs'")
		.layer("built-in default", QueueSettings.DEFAULTS)
		.layer("annotation", Map.of("queue", "it.unique.ends." + UUID.randomUUID()))
		.build(), KeyNames.NO_PREFIX);

	private final QueueKeys queue = this.settings.queues().get(0);

	private final HeldTakes held = new HeldTakes("c");

	private final ProcessedItems processed = new ProcessedItems(this.connections, this.settings, this.held);

	@AfterEach
	void close() {
		this.connections.close();
		this.connection.close();
		this.client.shutdown();
	}

	@Test
	void aWholeTakeFreesTheKeysOfItsJobsThatAreStillInItAndHoldTheirKey() {
		String takeId = this.held.nextTakeId();
		QueueItem mine = unique(takeId, "mine");
		QueueItem taken = unique(takeId, "taken");
		QueueItem returned = unique(takeId, "returned");
		QueueItem plain = QueueItem.read(this.queue, takeId, "plain".getBytes(StandardCharsets.UTF_8), 0);
		// "returned" went back to the queue (a take-back): it still holds its key there.
		this.redis.rpush(this.queue.take(takeId), text(mine), text(taken), text(plain));
		this.redis.zadd(this.queue.leases(), 1, takeId);
		this.redis.set(this.queue.unique("mine"), mine.id());
		this.redis.set(this.queue.unique("taken"), "the job after it");
		this.redis.set(this.queue.unique("returned"), returned.id());
		List<QueueItem> items = List.of(mine, taken, returned, plain);
		this.held.hold(this.queue, takeId, items);
		items.forEach(this.processed::succeeded);
		this.processed.flushAndWait(Duration.ofSeconds(5));

		assertThat(this.redis.exists(this.queue.unique("mine"))).isZero();
		assertThat(this.redis.get(this.queue.unique("taken"))).isEqualTo("the job after it");
		assertThat(this.redis.get(this.queue.unique("returned"))).isEqualTo(returned.id());
		assertThat(this.redis.exists(this.queue.take(takeId))).isZero();
		assertThat(this.redis.zcard(this.queue.leases())).isZero();
		assertThat(this.held.ids(this.queue)).isEmpty();
	}

	@Test
	void settlingFreesTheKeysOfTheHandledJobsItFindsAndKeepsTheOthers() {
		String takeId = this.held.nextTakeId();
		QueueItem handled = unique(takeId, "handled");
		QueueItem unstarted = unique(takeId, "unstarted");
		QueueItem running = unique(takeId, "running");
		QueueItem gone = unique(takeId, "gone");
		QueueItem plain = QueueItem.read(this.queue, takeId, "plain".getBytes(StandardCharsets.UTF_8), 0);
		this.redis.rpush(this.queue.take(takeId), text(plain), text(handled), text(unstarted), text(running));
		this.redis.zadd(this.queue.leases(), 1, takeId);
		for (QueueItem item : List.of(handled, unstarted, running, gone)) {
			this.redis.set(this.queue.unique(item.uniqueKey()), item.id());
		}
		Take take = new Take(this.queue, takeId, List.of(plain, handled, unstarted, running, gone));
		long left = this.processed.settle(take, List.of(unstarted), List.of(plain, gone, handled))
			.toCompletableFuture()
			.join();

		assertThat(left).isOne();
		assertThat(this.redis.exists(this.queue.unique("handled"))).isZero();
		assertThat(this.redis.get(this.queue.unique("gone"))).isEqualTo(gone.id());
		assertThat(this.redis.get(this.queue.unique("unstarted"))).isEqualTo(unstarted.id());
		assertThat(this.redis.get(this.queue.unique("running"))).isEqualTo(running.id());
		assertThat(this.redis.lrange(this.queue.key(), 0, -1)).containsExactly(text(unstarted));
		assertThat(this.redis.lrange(this.queue.take(takeId), 0, -1)).containsExactly(text(running));
		assertThat(this.redis.zscore(this.queue.leases(), takeId)).isNotNull();
	}

	private QueueItem unique(String takeId, String key) {
		byte[] raw = QueueEnvelope.create(key.getBytes(StandardCharsets.UTF_8),
				Map.of(QueueEnvelope.UNIQUE_KEY_HEADER, key)).write();
		return QueueItem.read(this.queue, takeId, raw, 0);
	}

	private static String text(QueueItem item) {
		return new String(item.raw(), StandardCharsets.UTF_8);
	}

}

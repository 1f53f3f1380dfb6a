package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.test.RedisCluster;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @StreamListener} groups on a real 6-node cluster, with streams on every master: consumption, pending
 * recovery and the dead-letter scripts run on whichever master owns the stream's slot.
 */
class StreamClusterIT {

	private static final RedisCluster cluster = SharedRedis.cluster();

	private static final RawRedis redis = RawRedis.of(cluster);

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void streamsOnEveryMasterAreConsumedOnceAndPoisonIsDeadLettered() {
		for (String stream : streamsOnEveryMaster()) {
			MessagingContextRunners.cluster()
				.withUserConfiguration(StreamTestListeners.Text.class)
				.withPropertyValues("test.stream=" + stream, "test.group=g",
						"redis.messaging.listeners.text.concurrency=2",
						"redis.messaging.listeners.text.max-deliveries=2",
						"redis.messaging.listeners.text.claim-min-idle=100ms",
						"redis.messaging.listeners.text.claim-interval=100ms")
				.run((context) -> {
					List<String> ids = IntStream.range(0, 300).mapToObj((i) -> redis.add(stream, "entry-" + i)).toList();
					String poison = redis.add(stream, "poison");
					Processed processed = context.getBean("processed", Processed.class);
					await().atMost(Duration.ofSeconds(20)).untilAsserted(
							() -> assertThat(processed.deliveries.keySet()).containsExactlyInAnyOrderElementsOf(ids));
					assertThat(processed.deliveries.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
					String dlq = "{" + stream + "}:dlq";
					await().atMost(Duration.ofSeconds(20)).until(() -> redis.commands().xlen(dlq) == 1);
					assertThat(redis.all(dlq).get(0).getBody()).containsEntry(DeadLetterFields.SOURCE_ID, poison)
						.containsEntry(DeadLetterFields.DELIVERIES, "2");
					assertThat(context.getBean("attempts", Processed.class).count(poison)).isEqualTo(2);
					await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "g") == 0);
					MessageListenerContainer container = context.getBean(RedisListenerRegistry.class)
						.container("text")
						.orElseThrow();
					await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
						.until(() -> container.status().lastError() == null);
				});
		}
	}

	private static List<String> streamsOnEveryMaster() {
		Set<String> owners = new HashSet<>();
		List<String> streams = new ArrayList<>();
		String base = "it.cluster.stream." + UUID.randomUUID() + ".";
		for (int i = 0; owners.size() < cluster.masters().size(); i++) {
			if (owners.add(cluster.masterForKey(base + i).id())) {
				streams.add(base + i);
			}
		}
		return streams;
	}

}

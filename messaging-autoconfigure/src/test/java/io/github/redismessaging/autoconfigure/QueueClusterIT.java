package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.RedisCluster;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @QueueListener} on a real 6-node cluster, with queues on every master, in priority order: moves,
 * retries and dead-letters run on whichever master owns each queue's slot.
 */
class QueueClusterIT {

	private final RedisCluster cluster = SharedRedis.cluster();

	@Test
	void queuesOnEveryMasterAreConsumedOnceAndPoisonIsDeadLettered() {
		List<String> queues = queuesOnEveryMaster();
		try (RawRedis redis = RawRedis.of(this.cluster)) {
			MessagingContextRunners.cluster()
				.withUserConfiguration(QueueTestListeners.Text.class)
				.withPropertyValues("test.queues=" + String.join(",", queues),
						"redis.messaging.listeners.jobs.concurrency=2", "redis.messaging.listeners.jobs.max-attempts=2",
						"redis.messaging.listeners.jobs.backoff.delay=100ms",
						"redis.messaging.listeners.jobs.maintenance-interval=100ms")
				.run((context) -> {
					RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
					List<String> ids = new ArrayList<>();
					List<String> poison = new ArrayList<>();
					for (String queue : queues) {
						ids.addAll(template.enqueueAll(queue, IntStream.range(0, 200).mapToObj((i) -> "job-" + i).toList()));
						poison.add(template.enqueue(queue, "poison-" + queue));
					}
					Processed processed = context.getBean("processed", Processed.class);
					await().atMost(Duration.ofSeconds(30))
						.untilAsserted(() -> assertThat(processed.deliveries.keySet()).containsExactlyInAnyOrderElementsOf(ids));
					assertThat(processed.deliveries.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
					for (String queue : queues) {
						await().atMost(Duration.ofSeconds(20)).until(() -> redis.commands().llen("{" + queue + "}:dlq") == 1);
					}
					Processed attempts = context.getBean("attempts", Processed.class);
					assertThat(poison).allSatisfy((id) -> assertThat(attempts.count(id)).isEqualTo(2));
					MessageListenerContainer container = context.getBean(RedisListenerRegistry.class)
						.container("jobs")
						.orElseThrow();
					await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
						.until(() -> container.status().lastError() == null);
				});
		}
	}

	private List<String> queuesOnEveryMaster() {
		Set<String> owners = new HashSet<>();
		List<String> queues = new ArrayList<>();
		String base = "it.cluster.queue." + UUID.randomUUID() + ".";
		for (int i = 0; owners.size() < this.cluster.masters().size(); i++) {
			if (owners.add(this.cluster.masterForKey(base + i).id())) {
				queues.add(base + i);
			}
		}
		return queues;
	}

}

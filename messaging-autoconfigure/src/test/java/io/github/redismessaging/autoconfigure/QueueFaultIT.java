package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.test.ClusterNode;
import io.github.redismessaging.test.RedisCluster;
import io.github.redismessaging.test.RedisServer;
import io.github.redismessaging.test.RedisTestProperties;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A queue listener resumes by itself when Redis restarts (AOF on) or a cluster master fails.
 */
class QueueFaultIT {

	@Test
	void standaloneRedisKilledAndRestartedWithAofLosesNothing() throws Exception {
		String queue = "it.queue.fault." + UUID.randomUUID();
		try (RedisServer server = RedisServer.builder().appendOnly(true).start(); RawRedis redis = RawRedis.of(server)) {
			MessagingContextRunners.base()
				.withPropertyValues(RedisTestProperties.of(server))
				.withUserConfiguration(QueueTestListeners.Text.class)
				.withPropertyValues("test.queues=" + queue, "redis.messaging.listeners.jobs.lease-timeout=2s",
						"redis.messaging.listeners.jobs.maintenance-interval=200ms")
				.run((context) -> {
					Processed processed = context.getBean("processed", Processed.class);
					Set<String> produced;
					try (TestProducer producer = new TestProducer((payload) -> redis.commands().lpush(queue, payload))) {
						await().atMost(Duration.ofSeconds(20)).until(() -> processed.payloads.size() >= 300);
						server.kill();
						server.restart();
						int before = processed.payloads.size();
						await().atMost(Duration.ofSeconds(40)).until(() -> processed.payloads.size() >= before + 300);
						producer.close();
						produced = producer.acknowledged();
					}
					await().atMost(Duration.ofSeconds(30)).untilAsserted(
							() -> assertThat(new HashSet<>(processed.payloads.values())).containsAll(produced));
				});
		}
	}

	@Test
	void clusterMasterFailoverDuringConsumptionResumesByItself() throws Exception {
		RedisCluster cluster = SharedRedis.cluster();
		String queue = "it.queue.fault." + UUID.randomUUID();
		try (RawRedis redis = RawRedis.of(cluster)) {
			MessagingContextRunners.cluster()
				.withUserConfiguration(QueueTestListeners.Text.class)
				.withPropertyValues("test.queues=" + queue, "redis.messaging.listeners.jobs.lease-timeout=2s",
						"redis.messaging.listeners.jobs.maintenance-interval=200ms")
				.run((context) -> {
					Processed processed = context.getBean("processed", Processed.class);
					Set<String> produced;
					try (TestProducer producer = new TestProducer((payload) -> redis.commands().lpush(queue, payload))) {
						await().atMost(Duration.ofSeconds(20)).until(() -> processed.payloads.size() >= 300);
						ClusterNode owner = cluster.masterForKey(queue);
						cluster.killMasterAndAwaitPromotion(owner);
						int before = processed.payloads.size();
						await().atMost(Duration.ofSeconds(40)).until(() -> processed.payloads.size() >= before + 300);
						producer.close();
						produced = producer.acknowledged();
					}
					await().atMost(Duration.ofSeconds(30)).until(() -> redis.commands().llen(queue) == 0);
					Set<String> missing = new HashSet<>(produced);
					missing.removeAll(new HashSet<>(processed.payloads.values()));
					System.out.println("Queue cluster failover: " + produced.size() + " items acknowledged by Redis, "
							+ missing.size() + " not processed (lost by Redis in the failover, asynchronous replication)");
					assertThat(missing.size()).isLessThan(produced.size() / 10);
				});
		}
		finally {
			cluster.restore();
		}
	}

}

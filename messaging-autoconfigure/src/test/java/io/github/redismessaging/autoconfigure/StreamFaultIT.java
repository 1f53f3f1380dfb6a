package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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
 * A stream listener resumes by itself when Redis restarts (AOF on) or a cluster master fails, and loses nothing
 * Redis kept.
 */
class StreamFaultIT {

	@Test
	void standaloneRedisKilledAndRestartedWithAofLosesNothing() throws Exception {
		String stream = "it.fault." + UUID.randomUUID();
		try (RedisServer server = RedisServer.builder().appendOnly(true).start(); RawRedis redis = RawRedis.of(server)) {
			MessagingContextRunners.base()
				.withPropertyValues(RedisTestProperties.of(server))
				.withUserConfiguration(StreamTestListeners.Text.class)
				.withPropertyValues("test.stream=" + stream, "test.group=g",
						"redis.messaging.listeners.text.claim-min-idle=1s",
						"redis.messaging.listeners.text.claim-interval=500ms")
				.run((context) -> {
					Processed processed = context.getBean("processed", Processed.class);
					Set<String> produced;
					try (TestProducer producer = new TestProducer((payload) -> redis.add(stream, payload))) {
						await().atMost(Duration.ofSeconds(20)).until(() -> processed.deliveries.size() >= 300);
						server.kill();
						server.restart();
						int before = processed.deliveries.size();
						await().atMost(Duration.ofSeconds(40)).until(() -> processed.deliveries.size() >= before + 300);
						producer.close();
						produced = producer.acknowledged();
					}
					await().atMost(Duration.ofSeconds(30)).untilAsserted(
							() -> assertThat(new HashSet<>(processed.payloads.values())).containsAll(produced));
					await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "g") == 0);
				});
		}
	}

	@Test
	void clusterMasterFailoverDuringConsumptionLosesOnlyWhatRedisLost() throws Exception {
		RedisCluster cluster = SharedRedis.cluster();
		String stream = "it.fault." + UUID.randomUUID();
		try (RawRedis redis = RawRedis.of(cluster)) {
			MessagingContextRunners.cluster()
				.withUserConfiguration(StreamTestListeners.Text.class)
				.withPropertyValues("test.stream=" + stream, "test.group=g",
						"redis.messaging.listeners.text.claim-min-idle=1s",
						"redis.messaging.listeners.text.claim-interval=500ms")
				.run((context) -> {
					Processed processed = context.getBean("processed", Processed.class);
					Set<String> produced;
					try (TestProducer producer = new TestProducer((payload) -> redis.add(stream, payload))) {
						await().atMost(Duration.ofSeconds(20)).until(() -> processed.deliveries.size() >= 300);
						ClusterNode owner = cluster.masterForKey(stream);
						cluster.killMasterAndAwaitPromotion(owner);
						int before = processed.deliveries.size();
						await().atMost(Duration.ofSeconds(40)).until(() -> processed.deliveries.size() >= before + 300);
						producer.close();
						produced = producer.acknowledged();
					}
					Set<String> kept = redis.all(stream).stream()
						.map((entry) -> entry.getBody().get("payload"))
						.collect(Collectors.toSet());
					Set<String> lostByRedis = new HashSet<>(produced);
					lostByRedis.removeAll(kept);
					System.out.println("Cluster failover: " + produced.size() + " entries acknowledged by Redis, "
							+ lostByRedis.size() + " of them lost by Redis in the failover (asynchronous replication)");
					assertThat(lostByRedis.size()).isLessThan(produced.size() / 10);
					Set<String> expected = new HashSet<>(produced);
					expected.retainAll(kept);
					await().atMost(Duration.ofSeconds(30)).untilAsserted(
							() -> assertThat(new HashSet<>(processed.payloads.values())).containsAll(expected));
					await().atMost(Duration.ofSeconds(15)).until(() -> redis.pending(stream, "g") == 0);
				});
		}
		finally {
			cluster.restore();
		}
	}

}

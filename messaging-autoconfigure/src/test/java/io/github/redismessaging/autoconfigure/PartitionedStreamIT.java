package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.listener.ListenerStatus;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A partitioned {@code @StreamListener} on a real standalone Redis 7: partition ownership under leases, rebalancing
 * between instances and the recorded partition count. The cluster and the faults (kill, pause, failover) are
 * {@code PartitionedStreamClusterIT}'s.
 */
class PartitionedStreamIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	private static ApplicationContextRunner partitioned(String stream, int partitions, String... properties) {
		return MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g",
					"redis.messaging.listeners.text.partitions=" + partitions,
					"redis.messaging.listeners.text.partition-lease=1500ms",
					"redis.messaging.listeners.text.block=200ms")
			.withPropertyValues(properties);
	}

	private static List<String> owners(StreamPartitions partitions) {
		List<String> owners = new ArrayList<>();
		for (String key : partitions.keys()) {
			owners.add(redis.commands().get(key + ":owner:g"));
		}
		return owners;
	}

	private static List<String> produce(StreamPartitions partitions, String prefix, int count) {
		List<String> payloads = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String payload = prefix + "-" + i;
			redis.add(partitions.keys().get(i % partitions.count()), payload);
			payloads.add(payload);
		}
		return payloads;
	}

	@Test
	void oneInstanceOwnsEveryPartitionAndRecordsTheCount() {
		String stream = "it.partitioned." + UUID.randomUUID();
		StreamPartitions partitions = StreamPartitions.of(KeyNames.NO_PREFIX, stream, 4);
		partitioned(stream, 4).run((context) -> {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(owners(partitions))
				.doesNotContainNull()
				.hasSize(4)
				.containsOnly(owners(partitions).get(0)));
			assertThat(redis.commands().hget(partitions.metaKey(), "partitions")).isEqualTo("4");
			List<String> payloads = produce(partitions, "one", 400);
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(processed.payloadCounts.keySet())
					.containsExactlyInAnyOrderElementsOf(payloads));
			assertThat(processed.payloadCounts.values()).allSatisfy((count) -> assertThat(count.get()).isOne());
			for (String key : partitions.keys()) {
				await().atMost(Duration.ofSeconds(5)).until(() -> redis.pending(key, "g") == 0);
			}
		});
	}

	@Test
	void twoInstancesSplitThePartitionsAndTheOtherTakesAllWhenOneStops() {
		String stream = "it.partitioned." + UUID.randomUUID();
		StreamPartitions partitions = StreamPartitions.of(KeyNames.NO_PREFIX, stream, 6);
		partitioned(stream, 6).run((first) -> {
			Processed one = first.getBean("processed", Processed.class);
			List<String> payloads = new ArrayList<>();
			partitioned(stream, 6).run((second) -> {
				Processed two = second.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					List<String> owners = owners(partitions);
					assertThat(owners).doesNotContainNull();
					assertThat(owners.stream().distinct()).hasSize(2);
					assertThat(owners.stream().filter(owners.get(0)::equals)).hasSize(3);
				});
				payloads.addAll(produce(partitions, "both", 600));
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(one.payloadCounts.size() + two.payloadCounts.size())
						.isEqualTo(600));
				assertThat(one.payloadCounts).isNotEmpty();
				assertThat(two.payloadCounts).isNotEmpty();
				assertThat(one.payloadCounts.keySet()).doesNotContainAnyElementsOf(two.payloadCounts.keySet());
			});
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(owners(partitions))
				.doesNotContainNull()
				.containsOnly(owners(partitions).get(0)));
			List<String> after = produce(partitions, "after", 300);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(one.payloadCounts.keySet()).containsAll(after));
			assertThat(one.payloadCounts.values()).allSatisfy((count) -> assertThat(count.get()).isOne());
		});
	}

	@Test
	void aDifferentPartitionCountThanTheRecordedOneFailsTheStartNamingBoth() {
		String stream = "it.partitioned." + UUID.randomUUID();
		redis.commands().hset("{" + stream + "}:meta", "partitions", "8");
		partitioned(stream, 4).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("8")
			.hasMessageContaining("4")
			.hasMessageContaining("{" + stream + "}:meta"));
	}

	@Test
	void keysOfAnotherTypeOrWithoutExpiryNeitherStallTheListenerNorTheOtherPartitions() {
		String stream = "it.partitioned." + UUID.randomUUID();
		StreamPartitions partitions = StreamPartitions.of(KeyNames.NO_PREFIX, stream, 4);
		redis.commands().set("{" + stream + "}:members:g", "not a sorted set");
		redis.commands().hset(partitions.keys().get(0) + ":owner:g", "not", "a lease");
		redis.commands().set(partitions.keys().get(1) + ":owner:g", "someone-forever");
		redis.commands().set(partitions.keys().get(2), "not a stream");
		partitioned(stream, 4, "redis.messaging.listeners.text.claim-interval=200ms").run((context) -> {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				List<String> owners = owners(partitions);
				assertThat(owners).doesNotContainNull().doesNotContain("someone-forever");
				assertThat(owners.stream().distinct()).hasSize(1);
			});
			List<String> payloads = new ArrayList<>();
			for (int partition : new int[] { 0, 1, 3 }) {
				for (int i = 0; i < 50; i++) {
					String payload = "p" + partition + "-" + i;
					redis.add(partitions.keys().get(partition), payload);
					payloads.add(payload);
				}
			}
			Processed processed = context.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(processed.payloadCounts.keySet())
					.containsExactlyInAnyOrderElementsOf(payloads));
			assertThat(redis.commands().get(partitions.keys().get(2))).isEqualTo("not a stream");
			// the partition that cannot be read is not a silent stall: the listener reports it
			MessageListenerContainer container = context.getBean(RedisListenerRegistry.class).container("text").get();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				ListenerStatus status = container.status();
				assertThat(status.failingSince()).isNotNull();
				assertThat(status.lastError()).contains(partitions.keys().get(2));
			});
		});
	}

}

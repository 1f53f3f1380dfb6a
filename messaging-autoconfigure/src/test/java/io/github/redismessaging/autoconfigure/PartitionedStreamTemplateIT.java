package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Order;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.publish.AppendOptions;
import io.github.redismessaging.publish.Durability;
import io.github.redismessaging.publish.PendingEntry;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.publish.StreamInfo;
import io.github.redismessaging.stream.PartitionCountMismatchException;
import io.github.redismessaging.stream.StreamRecord;
import io.github.redismessaging.stream.Trim;
import io.github.redismessaging.test.ClusterNode;
import io.github.redismessaging.test.RedisCluster;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The template on partitioned streams, on a real Redis 7 with a key prefix and on a real 6-node cluster: appends
 * go to their key's partition or to each partition in turn, and reads and operator actions by the logical name
 * cover every partition, with dead letters and pending entries named {@code <partition>:<entry id>}.
 */
class PartitionedStreamTemplateIT {

	private static final KeyNames KEYS = new KeyNames("app:");

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	private final String name = "it.partitioned." + UUID.randomUUID();

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void keyedAppendsGoToTheKeysPartitionWithTheKeyHeader() {
		withPrefix((template) -> {
			StreamPartitions partitions = template.partitionStream(this.name, 12);
			String partition = partitions.keyFor("customer-7");
			String first = template.appendKeyed(this.name, "customer-7", new Order("a", 1));
			String second = template.appendKeyed(this.name, "customer-7", new Order("b", 2),
					Map.of("source", "shop", "key", "replaced"));
			String viaHeader = template.append(this.name, "c", Map.of("key", "customer-7"));
			assertThat(redis.all(partition)).extracting(StreamMessage::getId).containsExactly(first, second, viaHeader);
			assertThat(redis.all(partition).get(1).getBody()).containsEntry("h.key", "customer-7")
				.containsEntry("h.source", "shop");
			assertThat(partitions.keys().stream().filter((key) -> !key.equals(partition)))
				.allSatisfy((key) -> assertThat(redis.commands().exists(key)).isZero());
			assertThat(redis.commands().exists("app:" + this.name)).isZero();
			assertThat(template.range(this.name, "-", "+", 10, String.class).get(2).headers())
				.containsEntry("key", "customer-7");
			assertThatIllegalArgumentException().isThrownBy(() -> template.appendKeyed(this.name, " ", "x"));
		});
	}

	@Test
	void appendsWithoutAKeyTakeThePartitionsInTurnOnEveryPath() {
		withPrefix((template) -> {
			StreamPartitions partitions = template.partitionStream(this.name, 12);
			for (int i = 0; i < 24; i++) {
				template.append(this.name, "plain-" + i);
				template.append(this.name, "trimmed-" + i, Map.of(), Trim.maxLength(1000));
				template.append(this.name, "durable-" + i, Durability.none());
			}
			assertThat(partitions.keys()).allSatisfy((key) -> assertThat(redis.commands().xlen(key)).isEqualTo(6));
			assertThat(redis.commands().exists("app:" + this.name)).isZero();
		});
	}

	@Test
	void idempotentAppendsDedupeInThePartitionOfTheirRecordKeyOrIdempotencyKey() {
		withPrefix((template) -> {
			StreamPartitions partitions = template.partitionStream(this.name, 12);
			String first = template.append(this.name, "order-1", AppendOptions.idempotent("request-1"));
			assertThat(template.append(this.name, "order-1", AppendOptions.idempotent("request-1"))).isEqualTo(first);
			String partition = partitions.keyFor("request-1");
			assertThat(redis.all(partition)).extracting(StreamMessage::getId).containsExactly(first);
			assertThat(redis.commands().get(partition + ":idem:request-1")).isEqualTo(first);

			Map<String, String> keyed = Map.of("key", "customer-7");
			String second = template.append(this.name, "order-2", keyed, null, AppendOptions.idempotent("request-2"));
			assertThat(template.append(this.name, "order-2", keyed, null, AppendOptions.idempotent("request-2")))
				.isEqualTo(second);
			assertThat(redis.commands().get(partitions.keyFor("customer-7") + ":idem:request-2")).isEqualTo(second);
			assertThat(partitions.keys().stream().mapToLong((key) -> redis.commands().xlen(key)).sum()).isEqualTo(2);
		});
	}

	@Test
	void rangesAndInfoMergeThePartitionsInIdOrder() {
		withPrefix((template) -> {
			List<String> keys = template.partitionStream(this.name, 3).keys();
			add(keys.get(0), "1-0", "a");
			add(keys.get(0), "4-0", "d0");
			add(keys.get(1), "2-0", "b");
			add(keys.get(1), "4-0", "d1");
			add(keys.get(2), "3-0", "c");
			assertThat(template.range(this.name, "-", "+", 10, String.class)).extracting(StreamRecord::payload)
				.containsExactly("a", "b", "c", "d0", "d1");
			assertThat(template.range(this.name, "-", "+", 10, String.class)).extracting(StreamRecord::id)
				.containsExactly("1-0", "2-0", "3-0", "4-0", "4-0");
			assertThat(template.range(this.name, "-", "+", 2, String.class)).extracting(StreamRecord::payload)
				.containsExactly("a", "b");
			assertThat(template.range(this.name, "2-0", "3-0", 10, String.class)).extracting(StreamRecord::payload)
				.containsExactly("b", "c");
			assertThat(template.reverseRange(this.name, "+", "-", 3, String.class)).extracting(StreamRecord::payload)
				.containsExactly("d1", "d0", "c");
			StreamInfo info = template.info(this.name).orElseThrow();
			assertThat(List.of(info.length(), info.firstEntryId(), info.lastEntryId())).containsExactly(5L, "1-0", "4-0");
		});
	}

	@Test
	void deadLettersOfEveryPartitionAreReadReplayedAndDeletedByPartitionedIds() {
		withPrefix((template) -> {
			List<String> keys = template.partitionStream(this.name, 3).keys();
			add(keys.get(0) + ":dlq", "5-0", "p0-5");
			add(keys.get(1) + ":dlq", "5-0", "p1-5");
			add(keys.get(1) + ":dlq", "7-0", "p1-7");
			add(keys.get(2) + ":dlq", "6-0", "p2-6");
			assertThat(template.deadLetters(this.name, 10)).extracting(DeadLetter::id)
				.containsExactly("0:5-0", "1:5-0", "2:6-0", "1:7-0");
			assertThat(template.deadLetters(this.name, 10)).extracting(DeadLetter::payload)
				.containsExactly("p0-5", "p1-5", "p2-6", "p1-7");
			List<DeadLetter> firstPage = template.deadLetters(this.name, null, 1);
			assertThat(template.deadLetters(this.name, firstPage.get(0).id(), 2)).extracting(DeadLetter::id)
				.containsExactly("1:5-0", "2:6-0");
			assertThat(template.deadLetters(this.name, "1:5-0", 10)).extracting(DeadLetter::id)
				.containsExactly("2:6-0", "1:7-0");
			assertThat(template.deadLetters(this.name, "5-0", 10)).extracting(DeadLetter::id)
				.containsExactly("2:6-0", "1:7-0");

			assertThatIllegalArgumentException().isThrownBy(() -> template.replayDeadLetters(this.name, List.of("5-0")))
				.withMessageContaining("<partition>:<entry id>");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.deleteDeadLetters(this.name, List.of("1:5-0", "3:5-0")))
				.withMessageContaining("'3:5-0'")
				.withMessageContaining("partition from 0 to 2");
			assertThat(template.replayDeadLetters(this.name, List.of("1:5-0", "1:9-0"))).isEqualTo(1);
			assertThat(redis.all(keys.get(1))).singleElement()
				.satisfies((entry) -> assertThat(entry.getBody()).containsExactly(Map.entry("payload", "p1-5")));
			assertThat(template.deleteDeadLetters(this.name, List.of("0:5-0", "0:9-0"))).isEqualTo(1);
			assertThat(template.replayDeadLetters(this.name, 10)).isEqualTo(2);
			assertThat(template.deadLetters(this.name, 10)).isEmpty();
			assertThat(keys).extracting((key) -> redis.commands().xlen(key)).containsExactly(0L, 2L, 1L);
		});
	}

	@Test
	void pendingEntriesOfEveryPartitionAreClaimedAndDeadLetteredByPartitionedIds() {
		withPrefix((template) -> {
			List<String> keys = template.partitionStream(this.name, 3).keys();
			for (String key : keys.subList(0, 2)) {
				add(key, "1-0", "entry of " + key);
				redis.commands().xgroupCreate(StreamOffset.from(key, "0"), "g");
				redis.commands().xreadgroup(io.lettuce.core.Consumer.from("g", "c1"), StreamOffset.lastConsumed(key));
			}
			assertThat(template.pending(this.name, "g", 10)).extracting(PendingEntry::id, PendingEntry::consumer)
				.containsExactly(tuple("0:1-0", "c1"), tuple("1:1-0", "c1"));
			assertThat(template.claim(this.name, "g", "c2", Duration.ZERO, List.of("1:1-0"))).containsExactly("1:1-0");
			assertThat(template.pending(this.name, "g", "c2", 10)).extracting(PendingEntry::id)
				.containsExactly("1:1-0");
			assertThat(template.deadLetter(this.name, "g", List.of("0:1-0"), "operator")).isEqualTo(1);
			assertThat(template.deadLetters(this.name, 10)).singleElement().satisfies((deadLetter) -> {
				assertThat(deadLetter.id()).startsWith("0:");
				assertThat(List.of(deadLetter.sourceId(), deadLetter.reason(), deadLetter.payload()))
					.containsExactly("1-0", "operator", "entry of " + keys.get(0));
			});
			assertThat(template.pending(this.name, "g", 10)).extracting(PendingEntry::id).containsExactly("1:1-0");
			assertThat(template.info(this.name).orElseThrow().groups()).singleElement()
				.satisfies((group) -> assertThat(group.pending()).isEqualTo(1));
			assertThatExceptionOfType(RedisCommandExecutionException.class)
				.isThrownBy(() -> template.pending(this.name, "no-such-group", 10))
				.withMessageContaining("NOGROUP");
		});
	}

	@Test
	void theCountIsFixedAndADamagedMetaKeyFailsEveryCallWithoutWriting() {
		String metaKey = StreamPartitions.metaKey(KEYS, this.name);
		withPrefix((template) -> {
			redis.commands().hset(metaKey, "partitions", "abc");
			assertThatIllegalStateException().isThrownBy(() -> template.append(this.name, "x"))
				.withMessageContaining(metaKey + " field 'partitions' is 'abc'");
			assertThatIllegalStateException().isThrownBy(() -> template.deadLetters(this.name, 10));
			assertThat(redis.commands().keys("*" + this.name + "*")).containsExactly(metaKey);
			redis.commands().hset(metaKey, "partitions", "12");
			assertThat(template.partitionStream(this.name, 12).count()).isEqualTo(12);
			assertThatExceptionOfType(PartitionCountMismatchException.class)
				.isThrownBy(() -> template.partitionStream(this.name, 8))
				.withMessageContaining("has 12 partitions recorded in " + metaKey + ", but 8 were asked for");
		});
	}

	@Test
	void aStreamPartitionedAfterFirstUseIsFoundWithinTheDiscoveryWindow() {
		StreamPartitions partitions = StreamPartitions.of(KEYS, this.name, 4);
		withPrefix((template) -> {
			template.append(this.name, "before");
			assertThat(redis.commands().xlen("app:" + this.name)).isOne();
			redis.commands().hset(partitions.metaKey(), "partitions", "4");
			await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
				template.appendKeyed(this.name, "k", "after");
				assertThat(redis.commands().exists(partitions.keyFor("k"))).isOne();
			});
			long plain = redis.commands().xlen("app:" + this.name);
			template.append(this.name, "later");
			assertThat(redis.commands().xlen("app:" + this.name)).isEqualTo(plain);
		});
	}

	@Test
	void appendsToTwelvePartitionsLandOnEveryMasterOfAClusterAndWaitForTheirReplicas() {
		RedisCluster cluster = SharedRedis.cluster();
		Durability oneReplica = Durability.replicas(1, Duration.ofSeconds(2));
		MessagingContextRunners.cluster().run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			StreamPartitions partitions = template.partitionStream(this.name, 12);
			for (int i = 0; i < 24; i++) {
				template.append(this.name, "entry-" + i, oneReplica);
			}
			Map<String, Long> perMaster = partitions.keys()
				.stream()
				.collect(Collectors.groupingBy((key) -> cluster.masterForKey(key).id(), Collectors.counting()));
			assertThat(perMaster).hasSize(3).allSatisfy((master, count) -> assertThat(count).isEqualTo(4));
			for (String key : partitions.keys()) {
				ClusterNode replica = cluster.replicaOf(cluster.masterForKey(key));
				assertThat(lengthOn(cluster, replica, key)).as("%s on its master's replica", key).isEqualTo(2);
			}
			assertThat(template.range(this.name, "-", "+", 100, String.class)).hasSize(24);
			assertThat(template.info(this.name).orElseThrow().length()).isEqualTo(24);
		});
	}

	/** The length of a stream as a replica has it now, without waiting: WAIT made sure it has it. */
	private static long lengthOn(RedisCluster cluster, ClusterNode replica, String key) {
		RedisClient client = RedisClient.create(cluster.server(replica).uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().readOnly();
			return connection.sync().xlen(key);
		}
		finally {
			client.shutdown();
		}
	}

	private static void add(String key, String id, String payload) {
		redis.commands().xadd(key, new XAddArgs().id(id), Map.of("payload", payload));
	}

	private static void withPrefix(Consumer<RedisMessagingTemplate> test) {
		MessagingContextRunners.standalone()
			.withPropertyValues("redis.messaging.key-prefix=app:")
			.run((context) -> test.accept(context.getBean(RedisMessagingTemplate.class)));
	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.publish.AppendOptions;
import io.github.redismessaging.publish.Durability;
import io.github.redismessaging.publish.DurabilityException;
import io.github.redismessaging.publish.EnqueueOptions;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.ClusterNode;
import io.github.redismessaging.test.RedisCluster;
import io.github.redismessaging.test.RedisServer;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Durable producing: a write with {@link Durability#replicas(int, Duration)} is followed by WAIT on the connection
 * that carried it, in a cluster the one to the key's master, and fails with a {@link DurabilityException} naming the
 * key, the master and the counts when too few replicas acknowledged it. The replica reads go straight to the
 * replica's server: what WAIT confirmed is there at once, without polling.
 */
class DurabilityIT {

	private static final Duration ONE_SECOND = Duration.ofSeconds(1);

	private final RedisCluster cluster = SharedRedis.cluster();

	@Test
	void clusterWritesReturnOnceTheKeysReplicaHasThem() {
		String stream = "it.durability.stream." + UUID.randomUUID();
		String queue = "it.durability.queue." + UUID.randomUUID();
		Durability oneReplica = Durability.replicas(1, ONE_SECOND);
		MessagingContextRunners.cluster().run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			String entry = template.append(stream, "durable entry", oneReplica);
			String item = template.enqueue(queue, "durable item", oneReplica);
			String later = template.enqueueDelayed(queue, "durable later", Duration.ofHours(1), oneReplica);

			ClusterNode streamMaster = this.cluster.masterForKey(stream);
			for (ClusterNode node : List.of(streamMaster, this.cluster.replicaOf(streamMaster))) {
				assertThat(entryIds(node, stream)).as("entries on %s", node.address()).containsExactly(entry);
			}
			ClusterNode queueMaster = this.cluster.masterForKey(queue);
			for (ClusterNode node : List.of(queueMaster, this.cluster.replicaOf(queueMaster))) {
				List<String> items = onNode(node, (redis) -> redis.lrange(queue, 0, -1));
				assertThat(items).as("items on %s", node.address())
					.singleElement(InstanceOfAssertFactories.STRING)
					.contains(item, "durable item");
				List<String> delayed = onNode(node, (redis) -> redis.zrange("{" + queue + "}:delayed", 0, -1));
				assertThat(delayed).as("delayed items on %s", node.address())
					.singleElement(InstanceOfAssertFactories.STRING)
					.contains(later, "durable later");
			}
		});
	}

	@Test
	void clusterWritesFailNamingTheMasterWhenItsReplicaIsPaused() {
		String stream = "it.durability.paused." + UUID.randomUUID();
		ClusterNode master = this.cluster.masterForKey(stream);
		String queue = keyOn(master, "it.durability.paused-queue.");
		Durability oneReplica = Durability.replicas(1, ONE_SECOND);
		MessagingContextRunners.cluster()
			.withPropertyValues("redis.messaging.producer.durability.replicas=1",
					"redis.messaging.producer.durability.timeout=1s")
			.run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				// The idempotent append below then takes EVALSHA, NOSCRIPT and EVAL before its WAIT.
				onNode(master, (redis) -> redis.scriptFlush());
				// Opens the connection of durable writes while every node answers; the replica then has everything.
				String before = template.append(stream, "before the pause", oneReplica);
				List<ClusterNode> replicas = this.cluster.nodes()
					.stream()
					.filter((node) -> master.id().equals(node.masterId()))
					.toList();
				assertThat(replicas).isNotEmpty();
				replicas.forEach(this.cluster::pause);
				try {
					assertFailsNaming(() -> template.append(stream, "idempotent", AppendOptions.idempotent("paused")),
							stream, master);
					assertFailsNaming(() -> template.append(stream, "while paused", oneReplica), stream, master);
					assertFailsNaming(() -> template.enqueue(queue, "while paused", oneReplica), queue, master);
					// The writes happened on the master all the same.
					assertThat(entryIds(master, stream)).hasSize(3).startsWith(before);
					List<String> items = onNode(master, (redis) -> redis.lrange(queue, 0, -1));
					assertThat(items).hasSize(1);
				}
				finally {
					replicas.forEach(this.cluster::resume);
				}
				this.cluster.awaitStable(Duration.ofSeconds(30));
				String after = template.append(stream, "after the pause", oneReplica);
				ClusterNode replica = this.cluster.replicaOf(master);
				assertThat(entryIds(replica, stream)).hasSize(4).startsWith(before).endsWith(after);
			});
	}

	@Test
	void clusterWriteFollowsItsSlotToAnotherMaster() {
		String stream = "it.durability.moved." + UUID.randomUUID();
		int slot = RedisCluster.slot(stream);
		ClusterNode owner = this.cluster.masterForSlot(slot);
		ClusterNode target = this.cluster.masters()
			.stream()
			.filter((master) -> !master.id().equals(owner.id()))
			.findFirst()
			.orElseThrow();
		Durability oneReplica = Durability.replicas(1, ONE_SECOND);
		MessagingContextRunners.cluster().run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			String before = template.append(stream, "before the move", oneReplica);
			this.cluster.migrateSlot(slot, target);
			try {
				// The client's topology still names the old owner, which answers MOVED.
				String after = template.append(stream, "after the move", oneReplica);
				assertThat(entryIds(target, stream)).containsExactly(before, after);
				assertThat(entryIds(this.cluster.replicaOf(target), stream)).containsExactly(before, after);
			}
			finally {
				this.cluster.migrateSlot(slot, owner);
			}
		});
	}

	@Test
	void serverWithoutReplicasFailsWithinTheTimeout() {
		RedisServer server = SharedRedis.standalone();
		String stream = "it.durability.standalone." + UUID.randomUUID();
		MessagingContextRunners.standalone().run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			long start = System.nanoTime();
			assertThatExceptionOfType(DurabilityException.class)
				.isThrownBy(
						() -> template.append(stream, "no replica", Durability.replicas(1, Duration.ofMillis(200))))
				.satisfies((ex) -> {
					assertThat(ex.key()).isEqualTo(stream);
					assertThat(ex.master()).isEqualTo(server.host() + ":" + server.port());
					assertThat(ex.acknowledged()).isZero();
					assertThat(ex.requested()).isEqualTo(1);
					assertThat(ex).hasMessageContaining("0 of 1 replica acknowledged the write to '" + stream + "'")
						.hasMessageContaining("The write has happened on the master");
				});
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
			assertThat(template.range(stream, "-", "+", 10, String.class)).singleElement()
				.satisfies((entry) -> assertThat(entry.payload()).isEqualTo("no replica"));
		});
	}

	@Test
	void propertyIsTheDefaultOfWritesGivenNoDurability() {
		String stream = "it.durability.default." + UUID.randomUUID();
		String queue = "it.durability.default-queue." + UUID.randomUUID();
		MessagingContextRunners.standalone()
			.withPropertyValues("redis.messaging.producer.durability.replicas=1",
					"redis.messaging.producer.durability.timeout=100ms")
			.run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				assertThatExceptionOfType(DurabilityException.class).isThrownBy(() -> template.append(stream, "one"))
					.satisfies((ex) -> assertThat(ex.requested()).isEqualTo(1));
				assertThatExceptionOfType(DurabilityException.class).isThrownBy(() -> template.enqueue(queue, "one"))
					.satisfies((ex) -> assertThat(ex.key()).isEqualTo(queue));
				assertThatExceptionOfType(DurabilityException.class)
					.isThrownBy(() -> template.enqueue(queue, "unique", EnqueueOptions.unique("job-1")))
					.satisfies((ex) -> assertThat(ex.key()).isEqualTo(queue));
				assertThat(template.queueSize(queue)).isEqualTo(2);
				template.append(stream, "two", Durability.none());
				assertThat(template.range(stream, "-", "+", 10, String.class)).hasSize(2);
			});
	}

	@Test
	void negativeReplicasStopTheApplication() {
		MessagingContextRunners.standalone()
			.withPropertyValues("redis.messaging.producer.durability.replicas=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(
						"redis.messaging.producer.durability.replicas must be 0 (none) or more, not -1"));
	}

	/** The write fails after about the timeout of one second, naming the key, the master and the counts. */
	private static void assertFailsNaming(ThrowingCallable write, String key, ClusterNode master) {
		long start = System.nanoTime();
		assertThatExceptionOfType(DurabilityException.class).isThrownBy(write)
			.satisfies((ex) -> assertNamed(ex, key, master));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("how long the write to %s took", key)
			.isBetween(ONE_SECOND.minusMillis(50), ONE_SECOND.plusMillis(900));
	}

	private static void assertNamed(DurabilityException ex, String key, ClusterNode master) {
		assertThat(ex.key()).isEqualTo(key);
		assertThat(ex.master()).isEqualTo(master.address());
		assertThat(ex.acknowledged()).isZero();
		assertThat(ex.requested()).isEqualTo(1);
		assertThat(ex).hasMessageContaining("0 of 1 replica acknowledged the write to '" + key + "' on master "
				+ master.address() + " within 1000 ms");
	}

	/** A key whose slot the given master owns. */
	private String keyOn(ClusterNode master, String prefix) {
		while (true) {
			String key = prefix + UUID.randomUUID();
			if (this.cluster.masterForKey(key).id().equals(master.id())) {
				return key;
			}
		}
	}

	/** Runs commands on one node, a replica included ({@code READONLY}), as another tool would. */
	private <T> T onNode(ClusterNode node, Function<RedisCommands<String, String>, T> commands) {
		RedisURI uri = RedisURI.create(this.cluster.server(node).uri());
		uri.setTimeout(Duration.ofSeconds(2));
		RedisClient client = RedisClient.create(uri);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			if (!node.master()) {
				connection.sync().readOnly();
			}
			return commands.apply(connection.sync());
		}
		finally {
			client.shutdown();
		}
	}

	private List<String> entryIds(ClusterNode node, String stream) {
		List<StreamMessage<String, String>> entries = onNode(node,
				(redis) -> redis.xrange(stream, Range.create("-", "+")));
		return entries.stream().map(StreamMessage::getId).toList();
	}

}

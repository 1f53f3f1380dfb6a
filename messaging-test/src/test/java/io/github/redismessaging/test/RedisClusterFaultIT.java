package io.github.redismessaging.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** Damaging operations, on a cluster of its own so that the shared one stays intact; closed by the last test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterFaultIT {

	private static RedisCluster cluster;

	private static RedisClusterClient clusterClient;

	private static RedisClient client;

	@BeforeAll
	static void setUp() {
		cluster = RedisCluster.builder().start();
		clusterClient = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
		client = RedisClient.create();
	}

	@AfterAll
	static void tearDown() {
		clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		cluster.close();
	}

	@Test
	@Order(1)
	void killedMasterIsReplacedByItsReplicaAndRestored() {
		ClusterNode master = cluster.masterForKey("survivor");
		ClusterNode replica = cluster.replicaOf(master);
		try (StatefulRedisConnection<String, String> connection = client
			.connect(RedisURI.create("redis://" + master.address()))) {
			RedisCommands<String, String> commands = connection.sync();
			commands.set("survivor", "kept");
			assertThat(commands.waitForReplication(1, 5000)).isEqualTo(1);
		}

		ClusterNode promoted = cluster.killMasterAndAwaitPromotion(master);

		assertThat(promoted.id()).isEqualTo(replica.id());
		assertThat(promoted.master()).isTrue();
		assertThat(cluster.masterForKey("survivor").id()).isEqualTo(replica.id());
		assertThat(cluster.masters()).hasSize(3).noneMatch((node) -> node.id().equals(master.id()));
		try (StatefulRedisClusterConnection<String, String> connection = clusterClient.connect()) {
			assertThat(connection.sync().get("survivor")).isEqualTo("kept");
		}

		cluster.restore();

		assertHealthy();
		assertThat(cluster.nodes()).filteredOn((node) -> node.id().equals(master.id())).singleElement()
			.satisfies((node) -> assertThat(node.masterId()).isEqualTo(replica.id()));
	}

	@Test
	@Order(2)
	void failoverSwapsRoles() {
		ClusterNode master = cluster.masters().get(0);
		ClusterNode replica = cluster.replicaOf(master);

		ClusterNode promoted = cluster.failover(master);

		assertThat(promoted.id()).isEqualTo(replica.id());
		assertThat(promoted.master()).isTrue();
		ClusterNode demoted = cluster.nodes().stream().filter((node) -> node.id().equals(master.id())).findFirst()
			.orElseThrow();
		assertThat(demoted.master()).isFalse();
		assertThat(demoted.masterId()).isEqualTo(replica.id());
		assertHealthy();
	}

	@Test
	@Order(3)
	void migrateSlotMovesItsKeys() {
		List<String> keys = List.of("{moving}a", "{moving}b", "{moving}c");
		int slot = RedisCluster.slot("{moving}");
		try (StatefulRedisClusterConnection<String, String> connection = clusterClient.connect()) {
			keys.forEach((key) -> connection.sync().set(key, key.toUpperCase()));
		}
		ClusterNode source = cluster.masterForSlot(slot);
		ClusterNode target = cluster.masters().stream().filter((node) -> !node.id().equals(source.id())).findFirst()
			.orElseThrow();

		cluster.migrateSlot(slot, target);

		assertThat(cluster.masterForSlot(slot).id()).isEqualTo(target.id());
		try (StatefulRedisClusterConnection<String, String> connection = clusterClient.connect()) {
			keys.forEach((key) -> assertThat(connection.sync().get(key)).isEqualTo(key.toUpperCase()));
		}
		try (StatefulRedisConnection<String, String> connection = client
			.connect(RedisURI.create("redis://" + target.address()))) {
			assertThat(connection.sync().clusterCountKeysInSlot(slot)).isEqualTo(3);
		}
	}

	@Test
	@Order(4)
	void pausedReplicaIsIgnoredUntilResumed() {
		ClusterNode replica = cluster.replicas().get(0);
		RedisServer server = cluster.server(replica);

		cluster.pause(replica);

		assertThat(server.isPaused()).isTrue();
		cluster.awaitStable(Duration.ofSeconds(10));

		cluster.resume(replica);
		cluster.restore();

		assertHealthy();
	}

	@Test
	@Order(5)
	void closeLeavesNoProcessesOrFiles() {
		List<RedisServer> servers = cluster.nodes().stream().map(cluster::server).toList();
		List<Long> pids = servers.stream().map(RedisServer::pid).toList();
		List<Path> directories = servers.stream().map(RedisServer::directory).toList();

		cluster.close();
		cluster.close();

		assertThat(pids).allMatch((pid) -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
		assertThat(directories).noneMatch(Files::exists);
	}

	private static void assertHealthy() {
		List<ClusterNode> masters = cluster.masters();
		assertThat(cluster.nodes()).hasSize(6);
		assertThat(masters).hasSize(3);
		assertThat(cluster.replicas()).hasSize(3);
		masters.forEach((master) -> assertThat(cluster.replicaOf(master).masterId()).isEqualTo(master.id()));
	}

}

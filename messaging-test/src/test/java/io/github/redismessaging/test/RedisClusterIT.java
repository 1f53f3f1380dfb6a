package io.github.redismessaging.test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Read-only checks against the shared cluster. */
class RedisClusterIT {

	private static RedisCluster cluster;

	private static RedisClusterClient clusterClient;

	private static RedisClient client;

	@BeforeAll
	static void setUp() {
		cluster = SharedRedis.cluster();
		clusterClient = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
		client = RedisClient.create();
	}

	@AfterAll
	static void tearDown() {
		clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

	@Test
	void formsThreeMastersWithOneReplicaEach() {
		List<ClusterNode> nodes = cluster.nodes();
		List<ClusterNode> masters = cluster.masters();

		assertThat(nodes).hasSize(6);
		assertThat(masters).hasSize(3);
		assertThat(cluster.replicas()).hasSize(3);
		for (ClusterNode master : masters) {
			ClusterNode replica = cluster.replicaOf(master);
			assertThat(replica.master()).isFalse();
			assertThat(replica.masterId()).isEqualTo(master.id());
			assertThat(master.masterId()).isNull();
		}
		for (String uri : cluster.uris()) {
			try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(uri))) {
				String info = connection.sync().clusterInfo();
				assertThat(info).contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_known_nodes:6");
			}
		}
	}

	@Test
	void describesItsNodes() {
		assertThat(cluster.nodeAddresses().split(",")).hasSize(6).allMatch((address) -> address.startsWith("127.0.0.1:"));
		assertThat(cluster.uris()).hasSize(6).allMatch((uri) -> uri.startsWith("redis://127.0.0.1:"));
		assertThat(RedisCluster.slot("foo")).isEqualTo(12182);
		ClusterNode owner = cluster.masterForKey("foo");
		assertThat(owner.master()).isTrue();
		assertThat(owner.address()).isEqualTo("127.0.0.1:" + owner.port());
		assertThat(cluster.masterForSlot(12182)).isEqualTo(owner);
	}

	@Test
	void servesKeysThroughAClusterClient() {
		String key = "cluster-key-" + UUID.randomUUID();
		try (StatefulRedisClusterConnection<String, String> connection = clusterClient.connect()) {
			connection.sync().set(key, "value");

			assertThat(connection.sync().get(key)).isEqualTo("value");
		}
		ClusterNode owner = cluster.masterForKey(key);
		try (StatefulRedisConnection<String, String> connection = client
			.connect(RedisURI.create("redis://" + owner.address()))) {
			assertThat(connection.sync().get(key)).isEqualTo("value");
		}
	}

}

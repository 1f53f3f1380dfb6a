package io.github.redismessaging.test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/** Failovers on a topology of its own, so that the shared one stays intact; closed by the last test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelIT {

	private static final String MASTER_NAME = "it-master";

	/**
	 * Detection (1 s), agreement, election and promotion take about 4 s here; a rare split vote among the sentinels
	 * adds twice the 3 s failover timeout.
	 */
	private static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(15);

	private static RedisSentinel sentinel;

	private static RedisClient client;

	@BeforeAll
	static void setUp() {
		sentinel = RedisSentinel.builder().masterName(MASTER_NAME).start();
		client = RedisClient.create();
	}

	@AfterAll
	static void tearDown() {
		client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		sentinel.close();
	}

	@Test
	@Order(1)
	void startsOneMasterWithLinkedReplicasAndAgreeingSentinels() {
		assertThat(sentinel.servers()).hasSize(3);
		assertThat(sentinel.sentinelPorts()).hasSize(3);
		assertThat(sentinel.masterName()).isEqualTo(MASTER_NAME);
		assertThat(sentinel.master()).isSameAs(sentinel.servers().get(0));
		assertHealthy();
		assertThat(RedisTestProperties.of(sentinel)).containsExactly(
				"spring.data.redis.sentinel.master=" + MASTER_NAME,
				"spring.data.redis.sentinel.nodes=" + sentinel.sentinelNodes());
		assertThat(sentinel.sentinelNodes().split(",")).hasSize(3).allMatch((node) -> node.startsWith("127.0.0.1:"));
	}

	@Test
	@Order(2)
	void writesToTheMasterReachTheReplicas() {
		try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(sentinel.uri()))) {
			connection.sync().set("replicated", "everywhere");
		}
		for (RedisServer replica : sentinel.replicas()) {
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(get(replica, "replicated")).isEqualTo("everywhere"));
		}

		sentinel.flushAll();

		for (RedisServer server : sentinel.servers()) {
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get(server, "replicated")).isNull());
		}
	}

	@Test
	@Order(3)
	void killedMasterIsReplacedAndClientsFollowThroughTheSentinels() {
		RedisServer old = sentinel.master();
		writeAndReplicate(old, "survivor", "kept");

		RedisServer killed = sentinel.killMaster();
		RedisServer promoted = sentinel.awaitMasterOtherThan(killed, PROMOTION_TIMEOUT);

		assertThat(killed).isSameAs(old);
		assertThat(killed.isRunning()).isFalse();
		assertThat(promoted).isNotSameAs(old).isIn(sentinel.servers());
		assertThat(sentinel.master()).isSameAs(promoted);
		try (StatefulRedisConnection<String, String> connection = client.connect(sentinelUri())) {
			assertThat(connection.sync().get("survivor")).isEqualTo("kept");
			connection.sync().set("after-kill", "written");
		}
		assertThat(get(promoted, "after-kill")).isEqualTo("written");

		sentinel.restore();

		assertHealthy();
		assertThat(sentinel.master()).isSameAs(promoted);
		assertThat(role(old)).containsExactly("slave", promoted.port());
	}

	@Test
	@Order(4)
	void failoverSwitchesMastersGracefully() {
		RedisServer old = sentinel.master();
		writeAndReplicate(old, "graceful", "kept");

		RedisServer promoted = sentinel.failover();

		assertThat(promoted).isNotSameAs(old);
		assertThat(sentinel.master()).isSameAs(promoted);
		assertThat(get(promoted, "graceful")).isEqualTo("kept");
		assertThat(role(old)).containsExactly("slave", promoted.port());
		assertHealthy();
	}

	@Test
	@Order(5)
	void pausedMasterIsReplacedAndRejoinsAsReplica() {
		RedisServer old = sentinel.master();

		sentinel.pause(old);
		RedisServer promoted = sentinel.awaitMasterOtherThan(old, PROMOTION_TIMEOUT);

		assertThat(old.isPaused()).isTrue();
		assertThat(promoted).isNotSameAs(old);
		try (StatefulRedisConnection<String, String> connection = client.connect(sentinelUri())) {
			connection.sync().set("while-paused", "written");
		}
		assertThat(get(promoted, "while-paused")).isEqualTo("written");

		sentinel.resume(old);
		sentinel.restore();

		assertThat(old.isPaused()).isFalse();
		assertThat(sentinel.master()).isSameAs(promoted);
		assertThat(role(old)).containsExactly("slave", promoted.port());
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(get(old, "while-paused")).isEqualTo("written"));
		assertHealthy();
	}

	@Test
	@Order(6)
	void closeStopsEveryProcessAndDeletesTheDirectories() {
		List<Long> pids = sentinel.servers().stream().map(RedisServer::pid).toList();
		List<Path> directories = sentinel.servers().stream().map(RedisServer::directory).toList();
		List<Integer> sentinelPorts = sentinel.sentinelPorts();

		sentinel.close();
		sentinel.close();

		assertThat(pids).allMatch((pid) -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
		assertThat(directories).noneMatch(Files::exists);
		for (int port : sentinelPorts) {
			assertThatIOException().isThrownBy(() -> {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
				}
			});
		}
	}

	/** One master, every other node its linked replica, and every sentinel in agreement, asked through Lettuce. */
	private static void assertHealthy() {
		RedisServer master = sentinel.master();
		assertThat(role(master).get(0)).isEqualTo("master");
		for (RedisServer replica : sentinel.replicas()) {
			assertThat(role(replica)).containsExactly("slave", master.port());
			assertThat(info(replica)).contains("master_link_status:up");
		}
		for (int port : sentinel.sentinelPorts()) {
			try (StatefulRedisSentinelConnection<String, String> connection = client
				.connectSentinel(RedisURI.create("redis://127.0.0.1:" + port))) {
				RedisSentinelCommands<String, String> commands = connection.sync();
				assertThat(((InetSocketAddress) commands.getMasterAddrByName(MASTER_NAME)).getPort())
					.isEqualTo(master.port());
				Map<String, String> state = commands.master(MASTER_NAME);
				assertThat(state).containsEntry("flags", "master")
					.containsEntry("num-slaves", "2")
					.containsEntry("num-other-sentinels", "2")
					.containsEntry("quorum", "2");
				assertThat(commands.replicas(MASTER_NAME)).hasSize(2)
					.allSatisfy((replica) -> assertThat(replica).containsEntry("flags", "slave"));
			}
		}
	}

	private static RedisURI sentinelUri() {
		List<Integer> ports = sentinel.sentinelPorts();
		RedisURI.Builder builder = RedisURI.Builder.sentinel("127.0.0.1", ports.get(0));
		ports.subList(1, ports.size()).forEach((port) -> builder.withSentinel("127.0.0.1", port));
		return builder.withSentinelMasterId(MASTER_NAME).build();
	}

	private static void writeAndReplicate(RedisServer master, String key, String value) {
		try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(master.uri()))) {
			RedisCommands<String, String> commands = connection.sync();
			commands.set(key, value);
			assertThat(commands.waitForReplication(2, 5000)).isEqualTo(2);
		}
	}

	private static String get(RedisServer server, String key) {
		try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
			return connection.sync().get(key);
		}
	}

	/** The role from ROLE and, for a replica, its master's port. */
	private static List<Object> role(RedisServer server) {
		try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
			List<Object> role = connection.sync().role();
			return "slave".equals(role.get(0)) ? List.of(role.get(0), ((Long) role.get(2)).intValue())
					: List.of(role.get(0));
		}
	}

	private static String info(RedisServer server) {
		try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
			return connection.sync().info("replication");
		}
	}

}

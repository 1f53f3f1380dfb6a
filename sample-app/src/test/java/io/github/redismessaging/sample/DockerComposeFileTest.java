package io.github.redismessaging.sample;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the structure of the repository's {@code docker-compose.yml}, since no Docker engine is at hand to run it:
 * six Redis 7 cluster nodes with persistence and no eviction, each on its own port and announcing an address that
 * clients on the host can reach, and a one-shot service that forms the cluster once all nodes are healthy.
 */
class DockerComposeFileTest {

	private static final List<Integer> PORTS = List.of(7001, 7002, 7003, 7004, 7005, 7006);

	private static Map<String, Map<String, Object>> services;

	private static Map<String, Object> compose;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void parse() throws IOException {
		// Surefire runs in the module directory; an IDE may run from the repository root.
		Path file = Files.exists(Path.of("../docker-compose.yml")) ? Path.of("../docker-compose.yml")
				: Path.of("docker-compose.yml");
		try (Reader reader = Files.newBufferedReader(file)) {
			compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
		}
		services = (Map<String, Map<String, Object>>) compose.get("services");
	}

	@Test
	void hasSixRedis7ClusterNodesWithDistinctPorts() {
		List<Map<String, Object>> nodes = nodes();
		assertThat(nodes).hasSize(6);
		assertThat(nodes).allSatisfy((node) -> assertThat((String) node.get("image")).startsWith("redis:7"));
		assertThat(nodes.stream().map((node) -> Integer.parseInt(option(node, "--port"))))
			.containsExactlyInAnyOrderElementsOf(PORTS);
	}

	@Test
	void nodesRunInClusterModeWithAofAndNoEviction() {
		assertThat(nodes()).allSatisfy((node) -> {
			assertThat(option(node, "--cluster-enabled")).isEqualTo("yes");
			assertThat(option(node, "--appendonly")).isEqualTo("yes");
			assertThat(option(node, "--maxmemory-policy")).isEqualTo("noeviction");
			assertThat(option(node, "--cluster-config-file")).isEqualTo("nodes-" + option(node, "--port") + ".conf");
		});
	}

	@Test
	void nodesAnnounceAddressesReachableFromTheHost() {
		assertThat(nodes()).allSatisfy((node) -> {
			int port = Integer.parseInt(option(node, "--port"));
			assertThat(option(node, "--cluster-announce-ip")).isEqualTo("${REDIS_ANNOUNCE_IP:-127.0.0.1}");
			assertThat(option(node, "--cluster-announce-port")).isEqualTo(String.valueOf(port));
			assertThat(option(node, "--cluster-announce-bus-port")).isEqualTo(String.valueOf(port + 10000));
			List<String> published = publishedPorts(node);
			assertThat(published).contains(port + ":" + port, (port + 10000) + ":" + (port + 10000));
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyNodeKeepsItsDataInItsOwnVolumeAndHasAHealthCheck() {
		List<String> volumes = new ArrayList<>();
		for (Map<String, Object> node : nodes()) {
			List<String> mounts = (List<String>) node.get("volumes");
			assertThat(mounts).hasSize(1);
			assertThat(mounts.get(0)).endsWith(":/data");
			volumes.add(mounts.get(0).substring(0, mounts.get(0).indexOf(':')));
			Map<String, Object> healthcheck = (Map<String, Object>) node.get("healthcheck");
			assertThat((List<String>) healthcheck.get("test")).contains("redis-cli", option(node, "--port"), "ping");
		}
		assertThat(volumes).doesNotHaveDuplicates();
		assertThat(((Map<String, Object>) compose.get("volumes")).keySet()).containsAll(volumes);
	}

	@Test
	@SuppressWarnings("unchecked")
	void aOneShotServiceFormsTheClusterOnceAllNodesAreHealthy() {
		Map<String, Object> creator = services.values().stream()
			.filter((service) -> commandText(service).contains("redis-cli --cluster create"))
			.findFirst().orElseThrow(() -> new AssertionError("no service runs redis-cli --cluster create"));
		String command = commandText(creator);
		assertThat(command).contains("--cluster-replicas 1", "--cluster-yes");
		PORTS.forEach((port) -> assertThat(command).contains("127.0.0.1:" + port));
		assertThat(creator.get("restart")).isEqualTo("no");
		assertThat((String) creator.get("image")).startsWith("redis:7");

		Map<String, Map<String, Object>> dependsOn = (Map<String, Map<String, Object>>) creator.get("depends_on");
		List<String> nodeNames = services.entrySet().stream().filter((entry) -> isNode(entry.getValue()))
			.map(Map.Entry::getKey).toList();
		assertThat(dependsOn.keySet()).containsAll(nodeNames);
		nodeNames.forEach((name) -> assertThat(dependsOn.get(name)).containsEntry("condition", "service_healthy"));
	}

	private static List<Map<String, Object>> nodes() {
		return services.values().stream().filter(DockerComposeFileTest::isNode).toList();
	}

	private static boolean isNode(Map<String, Object> service) {
		return service.get("command") instanceof List<?> command && !command.isEmpty()
				&& "redis-server".equals(command.get(0));
	}

	/** The value after an option in a node's command, for example "yes" after "--appendonly". */
	@SuppressWarnings("unchecked")
	private static String option(Map<String, Object> node, String name) {
		List<Object> command = (List<Object>) node.get("command");
		int index = command.indexOf(name);
		assertThat(index).as("option %s in %s", name, command).isNotNegative();
		return String.valueOf(command.get(index + 1));
	}

	/** A node's ports are published by the service whose network namespace it shares, or by the node itself. */
	@SuppressWarnings("unchecked")
	private static List<String> publishedPorts(Map<String, Object> node) {
		Map<String, Object> owner = node;
		if (node.get("network_mode") instanceof String mode && mode.startsWith("service:")) {
			owner = services.get(mode.substring("service:".length()));
			assertThat(owner).as("network service of %s", node).isNotNull();
		}
		return ((List<Object>) owner.getOrDefault("ports", List.of())).stream().map(String::valueOf).toList();
	}

	private static String commandText(Map<String, Object> service) {
		Object command = service.get("command");
		return (command instanceof List<?> list) ? String.join(" ", list.stream().map(String::valueOf).toList())
				: String.valueOf(command);
	}

}

package io.github.redismessaging.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a cluster has settled: what {@code awaitStable} waits for after forming, failover, resharding
 * and repair.
 *
 * <p>{@code cluster_state:ok} on every node is not enough on its own: right after a role change some nodes still
 * route slots to the old owner, and clients that read the topology from them would be misdirected. So all live
 * nodes must also agree on every node's role and, slot by slot, on the owner, see each other as healthy, and
 * replicas must be in sync.
 */
final class ClusterStability {

	private static final Duration INTERVAL = Duration.ofMillis(100);

	private ClusterStability() {
	}

	/**
	 * Waits until {@link #problem(List)} reports nothing for the live nodes.
	 * @param all every node of the cluster; killed and paused ones are skipped
	 * @param timeout how long to wait
	 * @throws IllegalStateException on timeout, with every node's view and log tail
	 */
	static void await(List<RedisServer> all, Duration timeout) {
		String problem = Poll.until(timeout, INTERVAL, () -> problem(live(all)));
		if (problem != null) {
			throw new IllegalStateException(
					"Cluster not stable within " + timeout + ": " + problem + "\n" + describe(all));
		}
	}

	static List<RedisServer> live(List<RedisServer> all) {
		return all.stream().filter((server) -> server.isRunning() && !server.isPaused()).toList();
	}

	/**
	 * Returns what still keeps the cluster from being stable, or {@code null} if it is stable.
	 * @param live the nodes that are running and not paused
	 * @return a description of the first problem found, or {@code null}
	 */
	static @Nullable String problem(List<RedisServer> live) {
		Map<RedisServer, ClusterView> views = new LinkedHashMap<>();
		try {
			for (RedisServer server : live) {
				String info = server.admin().call((commands) -> commands.clusterInfo());
				if (!info.contains("cluster_state:ok")) {
					return "node " + server.port() + " reports cluster_state other than ok";
				}
				views.put(server, ClusterView.parse(server.admin().call((commands) -> commands.clusterNodes())));
			}
		}
		catch (RuntimeException ex) {
			return "a node did not answer: " + ex.getMessage();
		}
		Map<String, ClusterView.Entry> selves = new LinkedHashMap<>();
		views.values().forEach((view) -> selves.put(view.myself().id(), view.myself()));
		List<String> liveIds = List.copyOf(selves.keySet());
		String[] reference = null;
		for (Map.Entry<RedisServer, ClusterView> entry : views.entrySet()) {
			int port = entry.getKey().port();
			ClusterView view = entry.getValue();
			for (ClusterView.Entry self : selves.values()) {
				ClusterView.Entry other = view.get(self.id());
				if (other == null || other.isHandshake() || other.isFailing()) {
					return "node " + port + " does not see node " + self.port() + " as healthy";
				}
				if (other.isMaster() != self.isMaster() || !Objects.equals(other.masterId(), self.masterId())) {
					return "node " + port + " does not yet know the current role of node " + self.port();
				}
			}
			String[] owners = view.owners();
			for (int slot = 0; slot < owners.length; slot++) {
				if (owners[slot] == null || !liveIds.contains(owners[slot])) {
					return "node " + port + " sees slot " + slot + " without a live owner";
				}
			}
			if (reference == null) {
				reference = owners;
			}
			else if (!Arrays.equals(reference, owners)) {
				return "node " + port + " disagrees with node " + live.get(0).port() + " on slot owners";
			}
			String syncProblem = replicationProblem(entry.getKey(), view);
			if (syncProblem != null) {
				return syncProblem;
			}
		}
		return null;
	}

	private static @Nullable String replicationProblem(RedisServer server, ClusterView view) {
		if (!view.myself().isReplica()) {
			return null;
		}
		String info = server.admin().call((commands) -> commands.info("replication"));
		return info.contains("master_link_status:up") ? null
				: "replica " + server.port() + " is not in sync with its master";
	}

	/**
	 * Describes every node for error messages: its state, its {@code CLUSTER NODES} and its log tail.
	 * @param all every node of the cluster
	 * @return a multi-line report
	 */
	static String describe(List<RedisServer> all) {
		StringBuilder report = new StringBuilder();
		for (RedisServer server : all) {
			report.append("=== node ").append(server.port()).append(server.isRunning() ? "" : " (not running)")
				.append(server.isPaused() ? " (paused)" : "").append(" ===\n");
			if (server.isRunning() && !server.isPaused()) {
				try {
					String nodes = server.admin().call((commands) -> commands.clusterNodes());
					report.append(nodes);
				}
				catch (RuntimeException ex) {
					report.append("CLUSTER NODES failed: ").append(ex.getMessage()).append('\n');
				}
			}
			report.append(server.logTail(8));
		}
		return report.toString();
	}

}

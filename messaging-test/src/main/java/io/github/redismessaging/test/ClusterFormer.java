package io.github.redismessaging.test;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.Range;

/**
 * Forms a cluster from fresh cluster-enabled nodes without {@code redis-cli}: it assigns slots and config epochs,
 * introduces the nodes with {@code CLUSTER MEET} and attaches replicas with {@code CLUSTER REPLICATE}.
 *
 * <p>The first {@code masters} nodes become masters; replica {@code k} of master {@code i} is node
 * {@code masters + i * replicasPerMaster + k}.
 */
final class ClusterFormer {

	private static final Duration INTERVAL = Duration.ofMillis(50);

	/** Gossip usually spreads a MEET in well under a second; repeating it covers a lost handshake. */
	private static final long RETRY_NANOS = Duration.ofSeconds(3).toNanos();

	private final List<RedisServer> servers;

	private final int masters;

	private final int replicasPerMaster;

	private final Duration timeout;

	ClusterFormer(List<RedisServer> servers, int masters, int replicasPerMaster, Duration timeout) {
		this.servers = servers;
		this.masters = masters;
		this.replicasPerMaster = replicasPerMaster;
		this.timeout = timeout;
	}

	void form() {
		List<String> ids = this.servers.stream()
			.map((server) -> server.admin().call((commands) -> commands.clusterMyId()))
			.toList();
		assignSlots();
		meet(ids);
		for (int i = 0; i < this.masters; i++) {
			for (int k = 0; k < this.replicasPerMaster; k++) {
				replicate(this.servers.get(this.masters + i * this.replicasPerMaster + k), ids.get(i));
			}
		}
	}

	/**
	 * Gives each master a distinct config epoch before it meets anyone, as redis-cli does; otherwise the nodes would
	 * first have to resolve epoch collisions among themselves, which slows down forming.
	 */
	private void assignSlots() {
		for (int i = 0; i < this.masters; i++) {
			int from = i * ClusterView.SLOTS / this.masters;
			int to = (i + 1) * ClusterView.SLOTS / this.masters - 1;
			long epoch = i + 1;
			this.servers.get(i).admin().call((commands) -> {
				commands.clusterSetConfigEpoch(epoch);
				return commands.clusterAddSlotsRange(Range.create(from, to));
			});
		}
	}

	private void meet(List<String> ids) {
		RedisServer first = this.servers.get(0);
		long[] lastMeet = { 0 };
		String missing = Poll.until(this.timeout, INTERVAL, () -> {
			if (lastMeet[0] == 0 || System.nanoTime() - lastMeet[0] > RETRY_NANOS) {
				for (RedisServer other : this.servers.subList(1, this.servers.size())) {
					first.admin().call((commands) -> commands.clusterMeet(RedisServer.HOST, other.port()));
				}
				lastMeet[0] = System.nanoTime();
			}
			for (RedisServer server : this.servers) {
				ClusterView view = view(server);
				for (String id : ids) {
					ClusterView.Entry entry = view.get(id);
					if (entry == null || entry.isHandshake()) {
						return "node " + server.port() + " does not know node " + id + " yet";
					}
				}
			}
			return null;
		});
		fail("nodes did not meet", missing);
	}

	private void replicate(RedisServer replica, String masterId) {
		String missing = Poll.until(this.timeout, INTERVAL, () -> {
			ClusterView.Entry master = view(replica).get(masterId);
			if (master == null || master.isHandshake() || !master.isMaster()) {
				return "node " + replica.port() + " does not know master " + masterId + " yet";
			}
			try {
				replica.admin().call((commands) -> commands.clusterReplicate(masterId));
				return null;
			}
			catch (RuntimeException ex) {
				return "CLUSTER REPLICATE on node " + replica.port() + " failed: " + ex.getMessage();
			}
		});
		fail("replica could not be attached", missing);
	}

	private static ClusterView view(RedisServer server) {
		return ClusterView.parse(server.admin().call((commands) -> commands.clusterNodes()));
	}

	private void fail(String what, String missing) {
		if (missing != null) {
			throw new IllegalStateException("Cluster forming failed, " + what + " within " + this.timeout + ": "
					+ missing + "\n" + ClusterStability.describe(this.servers));
		}
	}

}

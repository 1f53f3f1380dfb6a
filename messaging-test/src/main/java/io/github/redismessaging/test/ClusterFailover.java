package io.github.redismessaging.test;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Replaces a master by its replica, either gracefully with {@code CLUSTER FAILOVER} or by killing the master and
 * letting the cluster elect the replica.
 */
final class ClusterFailover {

	private static final Duration INTERVAL = Duration.ofMillis(100);

	/** A manual failover that has not completed by then has been abandoned by Redis and must be asked for again. */
	private static final long RETRY_NANOS = Duration.ofSeconds(10).toNanos();

	private final RedisCluster cluster;

	private final Duration timeout;

	ClusterFailover(RedisCluster cluster, Duration timeout) {
		this.cluster = cluster;
		this.timeout = timeout;
	}

	ClusterNode graceful(ClusterNode master) {
		ClusterNode replica = this.cluster.replicaOf(master);
		RedisServer server = this.cluster.server(replica.port());
		long[] requested = { 0 };
		Runnable request = () -> {
			if (requested[0] == 0 || System.nanoTime() - requested[0] > RETRY_NANOS) {
				requested[0] = System.nanoTime();
				server.admin().call((commands) -> commands.clusterFailover(false));
			}
		};
		awaitOwnView(server, "a master with slots", request, ClusterFailover::isServingMaster);
		// The old master learns that it lost its slots only from gossip; until then it is a master without slots,
		// which every other stability check accepts.
		awaitOwnView(this.cluster.server(master.port()), "a replica of " + replica.address(), () -> {
		}, (view) -> replica.id().equals(view.myself().masterId()));
		this.cluster.awaitStable(this.timeout);
		return this.cluster.node(replica.id());
	}

	ClusterNode afterKill(ClusterNode master) {
		ClusterNode replica = this.cluster.replicaOf(master);
		this.cluster.server(master.port()).kill();
		awaitOwnView(this.cluster.server(replica.port()), "a master with slots", () -> {
		}, ClusterFailover::isServingMaster);
		this.cluster.awaitStable(this.timeout);
		return this.cluster.node(replica.id());
	}

	private static boolean isServingMaster(ClusterView view) {
		return view.myself().isMaster() && view.slotCount(view.myself().id()) > 0;
	}

	/** Waits until a node sees itself in the wanted role, running {@code nudge} before every check. */
	private void awaitOwnView(RedisServer server, String role, Runnable nudge, Predicate<ClusterView> reached) {
		String missing = Poll.until(this.timeout, INTERVAL, () -> {
			try {
				nudge.run();
				ClusterView view = ClusterView.parse(server.admin().call((commands) -> commands.clusterNodes()));
				return reached.test(view) ? null : "node " + server.port() + " is not " + role + " yet";
			}
			catch (RuntimeException ex) {
				return "node " + server.port() + ": " + ex.getMessage();
			}
		});
		if (missing != null) {
			throw new IllegalStateException("Failover did not complete within " + this.timeout + ": " + missing
					+ "\n" + ClusterStability.describe(this.cluster.servers()));
		}
	}

}

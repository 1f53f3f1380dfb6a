package io.github.redismessaging.test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings a damaged cluster back to full strength: every node up, every slot served, every master with a replica.
 *
 * <p>The original role layout is not restored: a killed master that comes back finds its slots owned by its former
 * replica and turns itself into that node's replica, which already satisfies the goal. Only when roles end up
 * lopsided (a master without replica, or a master without slots) are replicas moved with {@code CLUSTER REPLICATE}.
 */
final class ClusterRepair {

	private static final int ROUNDS = 3;

	private final List<RedisServer> servers;

	private final Duration timeout;

	ClusterRepair(List<RedisServer> servers, Duration timeout) {
		this.servers = servers;
		this.timeout = timeout;
	}

	void repair() {
		for (RedisServer server : this.servers) {
			server.resume();
		}
		for (RedisServer server : this.servers) {
			if (!server.isRunning()) {
				server.restart();
			}
		}
		ClusterStability.await(this.servers, this.timeout);
		for (int round = 0; round < ROUNDS; round++) {
			if (!rebalance()) {
				return;
			}
			ClusterStability.await(this.servers, this.timeout);
		}
		throw new IllegalStateException("Cluster roles still unbalanced after " + ROUNDS + " rounds\n"
				+ ClusterStability.describe(this.servers));
	}

	/**
	 * Moves spare nodes (slotless masters, or extra replicas) under masters that have no replica.
	 * @return whether anything was moved
	 */
	private boolean rebalance() {
		ClusterView view = ClusterView.parse(this.servers.get(0).admin().call((commands) -> commands.clusterNodes()));
		Map<String, List<ClusterView.Entry>> replicas = new HashMap<>();
		Deque<ClusterView.Entry> spares = new ArrayDeque<>();
		List<ClusterView.Entry> serving = new ArrayList<>();
		for (ClusterView.Entry entry : view.entries()) {
			if (entry.isMaster() && view.slotCount(entry.id()) > 0) {
				serving.add(entry);
			}
			else if (entry.isMaster()) {
				spares.add(entry);
			}
			else {
				replicas.computeIfAbsent(entry.masterId(), (id) -> new ArrayList<>()).add(entry);
			}
		}
		for (List<ClusterView.Entry> group : replicas.values()) {
			spares.addAll(group.subList(1, group.size()));
		}
		boolean moved = false;
		for (ClusterView.Entry master : serving) {
			if (replicas.getOrDefault(master.id(), List.of()).isEmpty() && !spares.isEmpty()) {
				replicate(spares.poll(), master);
				moved = true;
			}
		}
		// Leftover slotless masters would be counted as neither serving master nor replica.
		serving.sort(Comparator.comparingInt((entry) -> replicas.getOrDefault(entry.id(), List.of()).size()));
		for (ClusterView.Entry spare : spares) {
			if (spare.isMaster() && !serving.isEmpty()) {
				replicate(spare, serving.get(0));
				moved = true;
			}
		}
		return moved;
	}

	private void replicate(ClusterView.Entry node, ClusterView.Entry master) {
		RedisServer server = this.servers.stream().filter((candidate) -> candidate.port() == node.port())
			.findFirst().orElseThrow(() -> new IllegalStateException("Unknown node " + node.port()));
		server.admin().call((commands) -> commands.clusterReplicate(master.id()));
	}

}

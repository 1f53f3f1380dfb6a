package io.github.redismessaging.test;

import java.util.List;

import io.lettuce.core.MigrateArgs;

/**
 * Moves one slot and its keys between masters while the cluster keeps serving, the way
 * {@code redis-cli --cluster reshard} does: during the move, clients are redirected with ASK for keys already moved.
 */
final class SlotMigration {

	private static final int BATCH = 100;

	private static final long MIGRATE_TIMEOUT_MILLIS = 10_000;

	private final RedisCluster cluster;

	private final int slot;

	private final ClusterNode source;

	private final ClusterNode target;

	SlotMigration(RedisCluster cluster, int slot, ClusterNode source, ClusterNode target) {
		this.cluster = cluster;
		this.slot = slot;
		this.source = source;
		this.target = target;
	}

	void run() {
		if (!this.cluster.node(this.target.id()).master()) {
			throw new IllegalArgumentException("Target " + this.target.address() + " is not a master");
		}
		RedisServer from = this.cluster.server(this.source.port());
		RedisServer to = this.cluster.server(this.target.port());
		to.admin().call((commands) -> commands.clusterSetSlotImporting(this.slot, this.source.id()));
		from.admin().call((commands) -> commands.clusterSetSlotMigrating(this.slot, this.target.id()));
		List<String> keys;
		while (!(keys = from.admin().call((commands) -> commands.clusterGetKeysInSlot(this.slot, BATCH))).isEmpty()) {
			MigrateArgs<String> batch = MigrateArgs.Builder.keys(keys);
			from.admin().call((commands) -> commands.migrate(this.target.host(), this.target.port(), 0,
					MIGRATE_TIMEOUT_MILLIS, batch));
		}
		// The target first, so that it never rejects the slot while the source already redirects to it.
		to.admin().call((commands) -> commands.clusterSetSlotNode(this.slot, this.target.id()));
		from.admin().call((commands) -> commands.clusterSetSlotNode(this.slot, this.target.id()));
		for (ClusterNode master : this.cluster.masters()) {
			if (!master.id().equals(this.source.id()) && !master.id().equals(this.target.id())) {
				this.cluster.server(master.port())
					.admin()
					.call((commands) -> commands.clusterSetSlotNode(this.slot, this.target.id()));
			}
		}
	}

}

package io.github.redismessaging.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.lettuce.core.cluster.SlotHash;

/**
 * A real Redis Cluster of {@code redis-server} processes on loopback ports, formed without {@code redis-cli}.
 *
 * <p>By default three masters with one replica each and a 1.5 s {@code cluster-node-timeout}, so that failovers
 * take seconds. Nodes can be killed, paused, restarted and failed over, and slots can be migrated, for fault tests;
 * {@link #restore()} repairs the cluster afterwards. {@link ClusterNode}s are snapshots: ask again after a role
 * change.
 */
public final class RedisCluster implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final Builder settings;

	private final List<RedisServer> servers = new ArrayList<>();

	private boolean started;

	private boolean closed;

	private RedisCluster(Builder settings) {
		this.settings = settings;
	}

	/**
	 * Returns a builder for a cluster that is not started yet.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts all nodes, forms the cluster and waits until it is stable.
	 * @return this cluster
	 * @throws IllegalStateException if forming fails; the message holds every node's view and log tail
	 */
	public synchronized RedisCluster start() {
		if (this.started || this.closed) {
			throw new IllegalStateException("A cluster can be started only once");
		}
		this.started = true;
		if (this.settings.closeOnJvmExit) {
			Cleanup.register(this);
		}
		try {
			int count = this.settings.masters * (1 + this.settings.replicasPerMaster);
			for (int i = 0; i < count; i++) {
				this.servers.add(nodeBuilder().start());
			}
			new ClusterFormer(this.servers, this.settings.masters, this.settings.replicasPerMaster, TIMEOUT).form();
			awaitStable(TIMEOUT);
			return this;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private RedisServer.Builder nodeBuilder() {
		RedisServer.Builder builder = RedisServer.builder()
			.clusterBus(true)
			.closeOnJvmExit(this.settings.closeOnJvmExit)
			.appendOnly(this.settings.appendOnly)
			.config("cluster-enabled yes")
			.config("cluster-config-file nodes.conf")
			.config("cluster-node-timeout " + this.settings.nodeTimeout.toMillis())
			// A replica must always be allowed to take over, however long its master has been gone.
			.config("cluster-replica-validity-factor 0")
			.config("cluster-announce-ip " + RedisServer.HOST)
			.config("cluster-require-full-coverage yes");
		this.settings.config.forEach(builder::config);
		return builder;
	}

	/**
	 * Returns every node the cluster knows, as seen by the first live node, in port order.
	 * @return all nodes with their current roles
	 */
	public List<ClusterNode> nodes() {
		return view().entries().stream().map(ClusterView.Entry::toNode)
			.sorted(Comparator.comparingInt(ClusterNode::port)).toList();
	}

	/**
	 * Returns the masters that own slots and are not failing.
	 * @return the serving masters in port order
	 */
	public List<ClusterNode> masters() {
		ClusterView view = view();
		return view.entries().stream()
			.filter((entry) -> entry.isMaster() && !entry.isFailing() && view.slotCount(entry.id()) > 0)
			.map(ClusterView.Entry::toNode).sorted(Comparator.comparingInt(ClusterNode::port)).toList();
	}

	/**
	 * Returns the replicas that are not failing.
	 * @return the replicas in port order
	 */
	public List<ClusterNode> replicas() {
		return view().entries().stream().filter((entry) -> entry.isReplica() && !entry.isFailing())
			.map(ClusterView.Entry::toNode).sorted(Comparator.comparingInt(ClusterNode::port)).toList();
	}

	/**
	 * Returns the current owner of a slot.
	 * @param slot the slot, 0 to 16383
	 * @return its master
	 */
	public ClusterNode masterForSlot(int slot) {
		ClusterView view = view();
		String owner = view.ownerOf(slot);
		if (owner == null) {
			throw new IllegalStateException("Slot " + slot + " has no owner\n" + view.raw());
		}
		return view.get(owner).toNode();
	}

	/**
	 * Returns the current owner of the slot of a key.
	 * @param key the key
	 * @return its master
	 */
	public ClusterNode masterForKey(String key) {
		return masterForSlot(slot(key));
	}

	/**
	 * Returns a live, healthy replica of a master.
	 * @param master the master
	 * @return one of its replicas
	 * @throws IllegalStateException if it has none
	 */
	public ClusterNode replicaOf(ClusterNode master) {
		return view().entries().stream()
			.filter((entry) -> entry.isReplica() && master.id().equals(entry.masterId()) && !entry.isFailing()
					&& server(entry.port()).isRunning())
			.map(ClusterView.Entry::toNode).findFirst()
			.orElseThrow(() -> new IllegalStateException("Master " + master.address() + " has no live replica\n"
					+ ClusterStability.describe(this.servers)));
	}

	/**
	 * Returns the hash slot of a key.
	 * @param key the key
	 * @return the slot, 0 to 16383
	 */
	public static int slot(String key) {
		return SlotHash.getSlot(key);
	}

	/**
	 * Returns all node addresses, for {@code spring.data.redis.cluster.nodes}.
	 * @return for example {@code "127.0.0.1:30001,127.0.0.1:30002,..."}
	 */
	public String nodeAddresses() {
		return this.servers.stream().map((server) -> server.host() + ":" + server.port())
			.collect(Collectors.joining(","));
	}

	/**
	 * Returns a Lettuce URI for every node.
	 * @return URIs such as {@code redis://127.0.0.1:30001}
	 */
	public List<String> uris() {
		return this.servers.stream().map(RedisServer::uri).toList();
	}

	/**
	 * Kills a node with SIGKILL; its directory and {@code nodes.conf} are kept for {@link #restart(ClusterNode)}.
	 * @param node the node
	 */
	public void kill(ClusterNode node) {
		server(node.port()).kill();
	}

	/**
	 * Starts a stopped node again on its port and directory, so that it rejoins with its node id.
	 * @param node the node
	 */
	public void restart(ClusterNode node) {
		server(node.port()).restart();
	}

	/**
	 * Suspends a node with SIGSTOP.
	 * @param node the node
	 */
	public void pause(ClusterNode node) {
		server(node.port()).pause();
	}

	/**
	 * Continues a paused node with SIGCONT.
	 * @param node the node
	 */
	public void resume(ClusterNode node) {
		server(node.port()).resume();
	}

	/**
	 * Promotes a replica of {@code master} with a graceful {@code CLUSTER FAILOVER}, which loses no data, and waits
	 * until the cluster is stable.
	 * @param master the master to demote
	 * @return the new master
	 */
	public ClusterNode failover(ClusterNode master) {
		return new ClusterFailover(this, TIMEOUT).graceful(master);
	}

	/**
	 * Kills a master with SIGKILL and waits until its replica has taken over its slots and the cluster is stable.
	 * @param master the master to kill
	 * @return the new master
	 */
	public ClusterNode killMasterAndAwaitPromotion(ClusterNode master) {
		return new ClusterFailover(this, TIMEOUT).afterKill(master);
	}

	/**
	 * Moves one slot and its keys to another master while the cluster keeps serving, as {@code redis-cli --cluster
	 * reshard} does, and waits until the cluster is stable.
	 * @param slot the slot
	 * @param target the master that will own it
	 */
	public void migrateSlot(int slot, ClusterNode target) {
		ClusterNode source = masterForSlot(slot);
		if (!source.id().equals(target.id())) {
			new SlotMigration(this, slot, source, target).run();
			awaitStable(TIMEOUT);
		}
	}

	/**
	 * Waits until every live node reports {@code cluster_state:ok}, all live nodes agree on every node's role and on
	 * the owner of every slot and see each other as healthy, and every live replica is in sync. Killed and paused
	 * nodes are ignored.
	 * @param timeout how long to wait
	 * @throws IllegalStateException on timeout, with every node's view and log tail
	 */
	public void awaitStable(Duration timeout) {
		ClusterStability.await(List.copyOf(this.servers), timeout);
	}

	/**
	 * Repairs the cluster after a damaging test: resumes paused nodes, restarts killed ones (they rejoin, former
	 * masters as replicas), gives every master a replica again and waits until the cluster is stable. Roles may
	 * differ from the original layout.
	 */
	public void restore() {
		new ClusterRepair(List.copyOf(this.servers), TIMEOUT).repair();
	}

	/** Removes all data with {@code FLUSHALL} on every master. */
	public void flushAll() {
		for (ClusterNode master : masters()) {
			server(master.port()).flushAll();
		}
	}

	/** Kills every node and deletes its directory. Idempotent. */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			// The data is thrown away, so a graceful shutdown would only cost time.
			for (RedisServer server : this.servers) {
				server.kill();
				server.close();
			}
		}
		finally {
			Cleanup.unregister(this);
		}
	}

	/**
	 * Returns the server process behind a node, for tests that need more than the cluster operations.
	 * @param node the node
	 * @return its server
	 */
	public RedisServer server(ClusterNode node) {
		return server(node.port());
	}

	@Override
	public String toString() {
		return "RedisCluster[" + nodeAddresses() + "]";
	}

	List<RedisServer> servers() {
		return List.copyOf(this.servers);
	}

	RedisServer server(int port) {
		return this.servers.stream().filter((server) -> server.port() == port).findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No node of this cluster listens on port " + port));
	}

	ClusterNode node(String id) {
		ClusterView.Entry entry = view().get(id);
		if (entry == null) {
			throw new IllegalStateException("Unknown node " + id);
		}
		return entry.toNode();
	}

	private ClusterView view() {
		RuntimeException failure = null;
		for (RedisServer server : ClusterStability.live(this.servers)) {
			try {
				return ClusterView.parse(server.admin().call((commands) -> commands.clusterNodes()));
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		throw new IllegalStateException("No node of " + this + " answers", failure);
	}

	/** Configures a {@link RedisCluster}. */
	public static final class Builder {

		private int masters = 3;

		private int replicasPerMaster = 1;

		private Duration nodeTimeout = Duration.ofMillis(1500);

		private boolean appendOnly;

		private boolean closeOnJvmExit = true;

		private final List<String> config = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Sets the number of masters.
		 * @param masters at least 1; default 3
		 * @return this builder
		 */
		public Builder masters(int masters) {
			if (masters < 1) {
				throw new IllegalArgumentException("At least one master is needed");
			}
			this.masters = masters;
			return this;
		}

		/**
		 * Sets the number of replicas of each master.
		 * @param replicas at least 0; default 1
		 * @return this builder
		 */
		public Builder replicasPerMaster(int replicas) {
			if (replicas < 0) {
				throw new IllegalArgumentException("Replica count must not be negative");
			}
			this.replicasPerMaster = replicas;
			return this;
		}

		/**
		 * Sets {@code cluster-node-timeout}, which bounds how fast failures are detected.
		 * @param nodeTimeout default 1500 ms
		 * @return this builder
		 */
		public Builder nodeTimeout(Duration nodeTimeout) {
			this.nodeTimeout = Objects.requireNonNull(nodeTimeout, "nodeTimeout");
			return this;
		}

		/**
		 * Sets whether nodes persist with an append-only file.
		 * @param appendOnly default {@code false}
		 * @return this builder
		 */
		public Builder appendOnly(boolean appendOnly) {
			this.appendOnly = appendOnly;
			return this;
		}

		/**
		 * Adds a line to every node's {@code redis.conf}.
		 * @param line the configuration line
		 * @return this builder
		 */
		public Builder config(String line) {
			this.config.add(Objects.requireNonNull(line, "line"));
			return this;
		}

		/**
		 * Sets whether a JVM shutdown hook closes the cluster, the safety net that keeps an aborted test run from
		 * leaving {@code redis-server} processes behind. JVM shutdown hooks run concurrently, so an application that
		 * still uses the cluster while it shuts down, such as a Spring Boot application whose listeners stop in
		 * Boot's own shutdown hook, turns it off and closes the cluster itself once it no longer needs it.
		 * @param closeOnJvmExit default {@code true}
		 * @return this builder
		 */
		public Builder closeOnJvmExit(boolean closeOnJvmExit) {
			this.closeOnJvmExit = closeOnJvmExit;
			return this;
		}

		/**
		 * Creates the cluster without starting it.
		 * @return a new cluster
		 */
		public RedisCluster build() {
			Builder copy = new Builder();
			copy.masters = this.masters;
			copy.replicasPerMaster = this.replicasPerMaster;
			copy.nodeTimeout = this.nodeTimeout;
			copy.appendOnly = this.appendOnly;
			copy.closeOnJvmExit = this.closeOnJvmExit;
			copy.config.addAll(this.config);
			return new RedisCluster(copy);
		}

		/**
		 * Creates and starts the cluster.
		 * @return the running cluster
		 */
		public RedisCluster start() {
			return build().start();
		}

	}

}

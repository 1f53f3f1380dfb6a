package io.github.redismessaging.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A real Redis Sentinel topology of {@code redis-server} processes on loopback ports: one master, its replicas and
 * the sentinels that monitor it.
 *
 * <p>By default two replicas, three sentinels with a quorum of two, a 1 s {@code down-after-milliseconds} and a 3 s
 * {@code failover-timeout}, so that failovers take seconds. Data nodes keep nothing on disk. The master can be
 * killed, paused or failed over for fault tests; {@link #restore()} repairs the topology afterwards. The master is
 * whichever node the sentinels currently report, so ask {@link #master()} again after a failover.
 *
 * <pre class="code">
 * try (RedisSentinel sentinel = RedisSentinel.builder().start()) {
 *     RedisClient client = RedisClient.create(sentinel.uri());
 *     ...
 * }
 * </pre>
 */
public final class RedisSentinel implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final Builder settings;

	private final List<RedisServer> servers = new ArrayList<>();

	private final List<RedisServer> sentinels = new ArrayList<>();

	private final SentinelCommands commands;

	private final SentinelHealth health;

	private boolean started;

	private boolean closed;

	private RedisSentinel(Builder settings) {
		this.settings = settings;
		this.commands = new SentinelCommands(settings.masterName);
		this.health = new SentinelHealth(this.commands, this.servers, this.sentinels);
	}

	/**
	 * Returns a builder for a topology that is not started yet.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts the master and its replicas, waits until every replica is linked, then starts the sentinels and waits
	 * until each of them knows every replica and every other sentinel.
	 * @return this topology
	 * @throws IllegalStateException if it does not come up in time; the message holds every node's view and log tail
	 */
	public synchronized RedisSentinel start() {
		if (this.started || this.closed) {
			throw new IllegalStateException("A sentinel topology can be started only once");
		}
		this.started = true;
		Cleanup.register(this);
		try {
			RedisServer master = RedisServer.builder().start();
			this.servers.add(master);
			for (int i = 0; i < this.settings.replicas; i++) {
				this.servers
					.add(RedisServer.builder().config("replicaof " + RedisServer.HOST + " " + master.port()).start());
			}
			this.health.awaitReplication(master, TIMEOUT);
			for (int i = 0; i < this.settings.sentinels; i++) {
				this.sentinels.add(sentinelBuilder(master.port()).start());
			}
			this.health.awaitSettled(TIMEOUT);
			return this;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private RedisServer.Builder sentinelBuilder(int masterPort) {
		String name = this.settings.masterName;
		return RedisServer.builder()
			.sentinel(true)
			.config("sentinel resolve-hostnames no")
			.config("sentinel monitor " + name + " " + RedisServer.HOST + " " + masterPort + " "
					+ this.settings.quorum())
			.config("sentinel down-after-milliseconds " + name + " " + this.settings.downAfter.toMillis())
			.config("sentinel failover-timeout " + name + " " + this.settings.failoverTimeout.toMillis())
			.config("sentinel parallel-syncs " + name + " 1");
	}

	/**
	 * Returns the name under which the sentinels monitor the master.
	 * @return for example {@code "mymaster"}
	 */
	public String masterName() {
		return this.settings.masterName;
	}

	/**
	 * Returns the data node that the first sentinel to answer reports as master
	 * ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}). Right after a failure this may still be the failed node.
	 * @return the current master
	 * @throws IllegalStateException if no sentinel answers
	 */
	public RedisServer master() {
		RuntimeException failure = null;
		for (RedisServer sentinel : this.sentinels) {
			try {
				return this.health.server(this.commands.masterPort(sentinel));
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		throw new IllegalStateException("No sentinel of " + this + " answers", failure);
	}

	/**
	 * Returns every data node but the current {@link #master()}, whether running or not.
	 * @return the replicas in start order
	 */
	public List<RedisServer> replicas() {
		RedisServer master = master();
		return this.servers.stream().filter((server) -> server != master).toList();
	}

	/**
	 * Returns every data node, master and replicas, whether running or not.
	 * @return the data nodes in start order, the first master first
	 */
	public List<RedisServer> servers() {
		return List.copyOf(this.servers);
	}

	/**
	 * Returns the ports of the sentinels.
	 * @return the ports in start order
	 */
	public List<Integer> sentinelPorts() {
		return this.sentinels.stream().map(RedisServer::port).toList();
	}

	/**
	 * Returns the sentinel addresses, for {@code spring.data.redis.sentinel.nodes}.
	 * @return for example {@code "127.0.0.1:26001,127.0.0.1:26002,127.0.0.1:26003"}
	 */
	public String sentinelNodes() {
		return this.sentinels.stream().map((sentinel) -> sentinel.host() + ":" + sentinel.port())
			.collect(Collectors.joining(","));
	}

	/**
	 * Returns a Lettuce URI that finds the master through the sentinels.
	 * @return for example {@code redis-sentinel://127.0.0.1:26001,127.0.0.1:26002,127.0.0.1:26003#mymaster}
	 */
	public String uri() {
		return "redis-sentinel://" + sentinelNodes() + "#" + this.settings.masterName;
	}

	/**
	 * Kills the current master with SIGKILL; the sentinels then promote a replica after
	 * {@link Builder#downAfter(Duration)}: see {@link #awaitMasterOtherThan(RedisServer, Duration)}.
	 * @return the killed node
	 */
	public RedisServer killMaster() {
		RedisServer master = master();
		master.kill();
		return master;
	}

	/**
	 * Suspends a data node with SIGSTOP; a master paused for longer than {@link Builder#downAfter(Duration)} is
	 * replaced.
	 * @param server one of {@link #servers()}
	 */
	public void pause(RedisServer server) {
		member(server).pause();
	}

	/**
	 * Continues a paused data node with SIGCONT. A replaced master comes back as a master of its own until
	 * {@link #restore()} (or, after some 10 to 20 seconds, Sentinel) makes it a replica.
	 * @param server one of {@link #servers()}
	 */
	public void resume(RedisServer server) {
		member(server).resume();
	}

	/**
	 * Asks a sentinel for a failover with {@code SENTINEL FAILOVER}, which promotes the replica with the most data
	 * without waiting for the master to fail, and waits until the old master is a replica of the new one and the
	 * sentinels agree.
	 * @return the new master
	 */
	public RedisServer failover() {
		RedisServer old = this.health.agreedMaster();
		requestFailover();
		RedisServer promoted = awaitMasterOtherThan(old, TIMEOUT);
		this.health.awaitSettled(TIMEOUT);
		return promoted;
	}

	/**
	 * Waits until every sentinel reports a master other than {@code old}, none of them is still failing over, and
	 * that node answers ROLE as master.
	 * @param old the master that was killed, paused or failed over
	 * @param timeout how long to wait
	 * @return the new master
	 * @throws IllegalStateException on timeout, with every node's view and log tail
	 */
	public RedisServer awaitMasterOtherThan(RedisServer old, Duration timeout) {
		return this.health.awaitMasterOtherThan(member(old), timeout);
	}

	/**
	 * Repairs the topology after a damaging test: resumes paused data nodes, restarts killed ones (empty, as nothing
	 * is persisted), makes every data node but the master the sentinels agree on its replica and waits until all
	 * replicas are linked and every sentinel knows them and the other sentinels again. Which node is master may
	 * differ from before.
	 */
	public void restore() {
		for (RedisServer server : this.servers) {
			server.resume();
		}
		for (RedisServer server : this.servers) {
			if (!server.isRunning()) {
				server.restart();
			}
		}
		this.health.awaitSettled(TIMEOUT);
	}

	/** Removes all data with {@code FLUSHALL} on the current master; the replicas follow. */
	public void flushAll() {
		master().flushAll();
	}

	/** Kills the sentinels, then the data nodes, and deletes their directories. Idempotent. */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			// Sentinels first, so that none of them sees the data nodes go and starts a failover.
			for (List<RedisServer> group : List.of(this.sentinels, this.servers)) {
				for (RedisServer server : group) {
					server.kill();
					server.close();
				}
			}
		}
		finally {
			Cleanup.unregister(this);
		}
	}

	@Override
	public String toString() {
		return "RedisSentinel[" + this.settings.masterName + ", sentinels=" + sentinelNodes() + "]";
	}

	private void requestFailover() {
		RuntimeException failure = null;
		for (RedisServer sentinel : this.sentinels) {
			try {
				this.commands.failover(sentinel);
				return;
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		throw new IllegalStateException("No sentinel accepted SENTINEL FAILOVER\n" + this.health.describe(), failure);
	}

	private RedisServer member(RedisServer server) {
		if (!this.servers.contains(server)) {
			throw new IllegalArgumentException(server + " is not a data node of " + this);
		}
		return server;
	}

	/** Configures a {@link RedisSentinel}. */
	public static final class Builder {

		private int replicas = 2;

		private int sentinels = 3;

		private int quorum;

		private Duration downAfter = Duration.ofMillis(1000);

		private Duration failoverTimeout = Duration.ofSeconds(3);

		private String masterName = "mymaster";

		private Builder() {
		}

		/**
		 * Sets the number of replicas of the master.
		 * @param replicas at least 1; default 2
		 * @return this builder
		 */
		public Builder replicas(int replicas) {
			if (replicas < 1) {
				throw new IllegalArgumentException("At least one replica is needed to fail over");
			}
			this.replicas = replicas;
			return this;
		}

		/**
		 * Sets the number of sentinels.
		 * @param sentinels at least 1; default 3
		 * @return this builder
		 */
		public Builder sentinels(int sentinels) {
			if (sentinels < 1) {
				throw new IllegalArgumentException("At least one sentinel is needed");
			}
			this.sentinels = sentinels;
			return this;
		}

		/**
		 * Sets how many sentinels must agree that the master is down before a failover starts; the failover itself
		 * always needs the votes of a majority of the sentinels.
		 * @param quorum from 1 to the number of sentinels; default a majority (2 of 3)
		 * @return this builder
		 */
		public Builder quorum(int quorum) {
			if (quorum < 1) {
				throw new IllegalArgumentException("Quorum must be at least 1");
			}
			this.quorum = quorum;
			return this;
		}

		/**
		 * Sets {@code sentinel down-after-milliseconds}: how long a node may not answer before a sentinel considers
		 * it down.
		 * @param downAfter default 1000 ms
		 * @return this builder
		 */
		public Builder downAfter(Duration downAfter) {
			this.downAfter = Objects.requireNonNull(downAfter, "downAfter");
			return this;
		}

		/**
		 * Sets {@code sentinel failover-timeout}, which also spaces out retries of a failover that did not get
		 * under way (twice this value).
		 * @param failoverTimeout default 3 s
		 * @return this builder
		 */
		public Builder failoverTimeout(Duration failoverTimeout) {
			this.failoverTimeout = Objects.requireNonNull(failoverTimeout, "failoverTimeout");
			return this;
		}

		/**
		 * Sets the name under which the sentinels monitor the master.
		 * @param masterName letters, digits, {@code .}, {@code -} and {@code _}; default {@code "mymaster"}
		 * @return this builder
		 */
		public Builder masterName(String masterName) {
			if (masterName == null || !masterName.matches("[A-Za-z0-9._-]+")) {
				throw new IllegalArgumentException("Invalid master name " + masterName);
			}
			this.masterName = masterName;
			return this;
		}

		/**
		 * Creates the topology without starting it.
		 * @return a new topology
		 * @throws IllegalArgumentException if the quorum exceeds the number of sentinels
		 */
		public RedisSentinel build() {
			if (quorum() > this.sentinels) {
				throw new IllegalArgumentException(
						"Quorum " + this.quorum + " exceeds the number of sentinels, " + this.sentinels);
			}
			Builder copy = new Builder();
			copy.replicas = this.replicas;
			copy.sentinels = this.sentinels;
			copy.quorum = this.quorum;
			copy.downAfter = this.downAfter;
			copy.failoverTimeout = this.failoverTimeout;
			copy.masterName = this.masterName;
			return new RedisSentinel(copy);
		}

		/**
		 * Creates and starts the topology.
		 * @return the running topology
		 */
		public RedisSentinel start() {
			return build().start();
		}

		private int quorum() {
			return (this.quorum > 0) ? this.quorum : this.sentinels / 2 + 1;
		}

	}

}

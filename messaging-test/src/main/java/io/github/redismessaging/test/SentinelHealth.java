package io.github.redismessaging.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a Sentinel topology has settled, and puts stray data nodes back under the master: what
 * {@link RedisSentinel} waits for after starting, failing over and restoring.
 *
 * <p>Settled means: every sentinel reports the same master and sees it without {@code s_down}, {@code o_down} or a
 * failover in progress; that master answers ROLE as master; every other live data node replicates from it with its
 * link up; and every sentinel knows those nodes as healthy replicas and every other sentinel as healthy. Killed and
 * paused data nodes are left out; sentinels are never.
 */
final class SentinelHealth {

	private static final Duration INTERVAL = Duration.ofMillis(100);

	private final SentinelCommands commands;

	private final List<RedisServer> servers;

	private final List<RedisServer> sentinels;

	SentinelHealth(SentinelCommands commands, List<RedisServer> servers, List<RedisServer> sentinels) {
		this.commands = commands;
		this.servers = servers;
		this.sentinels = sentinels;
	}

	/**
	 * Waits until every live data node but {@code master} reports {@code master_link_status:up} to it.
	 * @param master the master
	 * @param timeout how long to wait
	 */
	void awaitReplication(RedisServer master, Duration timeout) {
		await("Replicas not linked to " + master.port(), timeout, () -> replicationProblem(master));
	}

	/**
	 * Waits until the sentinels agree on a master other than {@code old} and it answers ROLE as master.
	 * @param old the master to be replaced
	 * @param timeout how long to wait
	 * @return the new master
	 */
	RedisServer awaitMasterOtherThan(RedisServer old, Duration timeout) {
		RedisServer[] found = new RedisServer[1];
		await("No master other than " + old.port(), timeout, () -> {
			RedisServer master = server(agreedMasterPort());
			if (master == old) {
				return "the sentinels still report " + old.port();
			}
			requireMasterRole(master);
			found[0] = master;
			return null;
		});
		return found[0];
	}

	/**
	 * Waits until the topology has settled. Once the sentinels agree on a master, every live data node that is a
	 * master of its own or follows another node is told to replicate from it: Sentinel would do the same, but only
	 * some 10 to 20 seconds after such a node comes back.
	 * @param timeout how long to wait
	 */
	void awaitSettled(Duration timeout) {
		await("Sentinel topology not settled", timeout, () -> {
			RedisServer master = agreedMaster();
			for (RedisServer server : live()) {
				if (server != master && !follows(server, master)) {
					server.admin().call((commands) -> commands.replicaof(RedisServer.HOST, master.port()));
				}
			}
			String replication = replicationProblem(master);
			return (replication != null) ? replication : sentinelProblem(master);
		});
	}

	/**
	 * Returns the master every sentinel reports, once they agree and it answers ROLE as master.
	 * @return the master
	 * @throws IllegalStateException if the sentinels disagree, are failing over, or the master does not answer as one
	 */
	RedisServer agreedMaster() {
		RedisServer master = server(agreedMasterPort());
		requireMasterRole(master);
		return master;
	}

	/**
	 * Returns the data node on a port.
	 * @param port the port
	 * @return the node
	 */
	RedisServer server(int port) {
		return this.servers.stream().filter((server) -> server.port() == port).findFirst()
			.orElseThrow(() -> new IllegalStateException("No data node of this topology listens on port " + port));
	}

	/**
	 * Describes every data node and sentinel, for error messages.
	 * @return roles, sentinel views and log tails
	 */
	String describe() {
		StringBuilder description = new StringBuilder();
		for (RedisServer server : this.servers) {
			description.append("data node ").append(server.port()).append(": ");
			if (!server.isRunning()) {
				description.append("not running\n");
			}
			else if (server.isPaused()) {
				description.append("paused\n");
			}
			else {
				description.append(query(() -> replication(server).toString())).append('\n');
			}
			description.append(server.logTail(5));
		}
		for (RedisServer sentinel : this.sentinels) {
			description.append("sentinel ").append(sentinel.port()).append(": master ")
				.append(query(() -> this.commands.masterPort(sentinel))).append(' ')
				.append(query(() -> this.commands.master(sentinel).get("flags"))).append(", replicas ")
				.append(query(() -> this.commands.replicas(sentinel).stream()
					.map((replica) -> replica.get("port") + "=" + replica.get("flags")).toList().toString()))
				.append(", other sentinels ")
				.append(query(() -> this.commands.sentinels(sentinel).stream()
					.map((other) -> other.get("port") + "=" + other.get("flags")).toList().toString()))
				.append('\n')
				.append(sentinel.logTail(10));
		}
		return description.toString();
	}

	private int agreedMasterPort() {
		Set<Integer> ports = new TreeSet<>();
		for (RedisServer sentinel : this.sentinels) {
			ports.add(this.commands.masterPort(sentinel));
			String flags = this.commands.master(sentinel).get("flags");
			if (!"master".equals(flags)) {
				throw new IllegalStateException("sentinel " + sentinel.port() + " flags the master " + flags);
			}
		}
		if (ports.size() != 1) {
			throw new IllegalStateException("the sentinels disagree on the master: " + ports);
		}
		return ports.iterator().next();
	}

	private void requireMasterRole(RedisServer master) {
		if (!master.isRunning() || master.isPaused()) {
			throw new IllegalStateException("master " + master.port() + " is killed or paused");
		}
		Object role = master.admin().call((commands) -> commands.role()).get(0);
		if (!"master".equals(role)) {
			throw new IllegalStateException("node " + master.port() + " answers ROLE as " + role + ", not master");
		}
	}

	private @Nullable String replicationProblem(RedisServer master) {
		for (RedisServer server : live()) {
			if (server == master) {
				continue;
			}
			if (!follows(server, master)) {
				return "node " + server.port() + " is not a replica of " + master.port() + " yet";
			}
			if (!"up".equals(replication(server).get("master_link_status"))) {
				return "node " + server.port() + " has no link to " + master.port() + " yet";
			}
		}
		return null;
	}

	private @Nullable String sentinelProblem(RedisServer master) {
		Set<Integer> replicas = live().stream().filter((server) -> server != master).map(RedisServer::port)
			.collect(Collectors.toCollection(TreeSet::new));
		for (RedisServer sentinel : this.sentinels) {
			Set<Integer> known = this.commands.replicas(sentinel).stream()
				.filter((replica) -> "slave".equals(replica.get("flags")))
				.map((replica) -> Integer.parseInt(replica.get("port")))
				.collect(Collectors.toCollection(TreeSet::new));
			if (!known.equals(replicas)) {
				return "sentinel " + sentinel.port() + " sees healthy replicas " + known + ", not " + replicas;
			}
			long others = this.commands.sentinels(sentinel).stream()
				.filter((other) -> "sentinel".equals(other.get("flags"))).count();
			if (others != this.sentinels.size() - 1) {
				return "sentinel " + sentinel.port() + " knows " + others + " of the " + (this.sentinels.size() - 1)
						+ " other sentinels";
			}
		}
		return null;
	}

	private boolean follows(RedisServer server, RedisServer master) {
		Map<String, String> replication = replication(server);
		return "slave".equals(replication.get("role"))
				&& Integer.toString(master.port()).equals(replication.get("master_port"));
	}

	private static Map<String, String> replication(RedisServer server) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String line : server.admin().call((commands) -> commands.info("replication")).split("\r?\n")) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
			}
		}
		return fields;
	}

	private List<RedisServer> live() {
		return this.servers.stream().filter((server) -> server.isRunning() && !server.isPaused()).toList();
	}

	/** Polls {@code check}, which returns what is still missing or throws while nodes do not answer as hoped. */
	private void await(String failure, Duration timeout, Supplier<@Nullable String> check) {
		String problem = Poll.until(timeout, INTERVAL, () -> {
			try {
				return check.get();
			}
			catch (RuntimeException ex) {
				return Objects.toString(ex.getMessage(), ex.getClass().getName());
			}
		});
		if (problem != null) {
			throw new IllegalStateException(failure + " within " + timeout + ": " + problem + "\n" + describe());
		}
	}

	private static String query(Supplier<?> query) {
		try {
			return String.valueOf(query.get());
		}
		catch (RuntimeException ex) {
			return "(" + ex.getMessage() + ")";
		}
	}

}

package io.github.redismessaging.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.StringCodec;

import io.github.redismessaging.test.ClusterNode;
import io.github.redismessaging.test.RedisCluster;

/**
 * The Redis Cluster of the partitioned-stream scenario: messaging-test's embedded cluster of three masters with one
 * replica each (no persistence), a cluster client for the benchmark's own commands, and a connection to every node
 * for its {@code INFO} figures, which are per node.
 */
public final class ClusterRedis implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final RedisCluster cluster;

	private final RedisClusterClient client;

	private final StatefulRedisClusterConnection<String, String> connection;

	private final RedisClient nodeClient = RedisClient.create();

	private final Map<ClusterNode, StatefulRedisConnection<String, String>> nodes = new LinkedHashMap<>();

	private ClusterRedis(RedisCluster cluster) {
		this.cluster = cluster;
		List<ClusterNode> all = cluster.nodes();
		this.client = RedisClusterClient.create(all.stream().map(ClusterRedis::uri).toList());
		this.connection = this.client.connect(StringCodec.UTF8);
		for (ClusterNode node : all) {
			this.nodes.put(node, this.nodeClient.connect(StringCodec.UTF8, uri(node)));
		}
	}

	/**
	 * Starts the cluster and waits until it is stable.
	 * @return the running cluster with its clients
	 */
	public static ClusterRedis start() {
		RedisCluster cluster = RedisCluster.builder().appendOnly(false).start();
		try {
			return new ClusterRedis(cluster);
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/** @return the cluster, for {@code RedisTestProperties.of(cluster)} */
	public RedisCluster cluster() {
		return this.cluster;
	}

	/** @return commands routed by key to their master */
	public RedisAdvancedClusterCommands<String, String> commands() {
		return this.connection.sync();
	}

	/**
	 * Reads every node's CPU time and command counts.
	 * @return node to its figures, masters and replicas, in port order
	 */
	Map<ClusterNode, NodeFigures> figures() {
		Map<ClusterNode, NodeFigures> figures = new LinkedHashMap<>();
		this.nodes.forEach((node, connection) -> figures.put(node,
				new NodeFigures(CommandStats.cpuSeconds(connection.sync().info("cpu")),
						CommandStats.snapshot(connection.sync().info("commandstats")))));
		return figures;
	}

	@Override
	public void close() {
		this.connection.close();
		this.nodes.values().forEach(StatefulRedisConnection::close);
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.nodeClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.cluster.close();
	}

	private static RedisURI uri(ClusterNode node) {
		RedisURI uri = RedisURI.create(node.host(), node.port());
		uri.setTimeout(TIMEOUT);
		return uri;
	}

	/**
	 * What {@code INFO} of one node says.
	 * @param cpuSeconds CPU time used so far, user and system ({@code INFO cpu})
	 * @param commands calls and time per command so far ({@code INFO commandstats})
	 */
	record NodeFigures(double cpuSeconds, Map<String, CommandStats.Usage> commands) {

	}

}

package io.github.redismessaging.test;

/**
 * A node of a {@link RedisCluster} as one node saw it at one moment; a value snapshot that does not follow later
 * role changes.
 *
 * @param id the 40-character cluster node id
 * @param host the announced address
 * @param port the data port
 * @param master whether the node was a master
 * @param masterId the id of the node's master, or {@code null} for masters
 */
public record ClusterNode(String id, String host, int port, boolean master, String masterId) {

	/**
	 * Returns {@code host:port}, the form used by {@code spring.data.redis.cluster.nodes}.
	 * @return for example {@code "127.0.0.1:30001"}
	 */
	public String address() {
		return this.host + ":" + this.port;
	}

}

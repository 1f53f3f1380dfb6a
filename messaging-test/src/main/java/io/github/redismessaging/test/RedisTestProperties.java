package io.github.redismessaging.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spring Boot {@code spring.data.redis.*} properties that point at a server, a cluster or the master of a Sentinel
 * topology, in {@code key=value} form
 * for {@code @SpringBootTest(properties = ...)}, {@code TestPropertyValues} or
 * {@code ApplicationContextRunner.withPropertyValues(...)}.
 */
public final class RedisTestProperties {

	private RedisTestProperties() {
	}

	/**
	 * Returns the properties of {@link SharedRedis#standalone()}, starting it if needed.
	 * @return host and port properties
	 */
	public static String[] standalone() {
		return of(SharedRedis.standalone());
	}

	/**
	 * Returns the properties of {@link SharedRedis#cluster()}, starting it if needed.
	 * @return the cluster nodes property
	 */
	public static String[] cluster() {
		return of(SharedRedis.cluster());
	}

	/**
	 * Returns the properties of {@link SharedRedis#sentinel()}, starting it if needed.
	 * @return the sentinel master and nodes properties
	 */
	public static String[] sentinel() {
		return of(SharedRedis.sentinel());
	}

	/**
	 * Returns host, port and, if configured, credentials of a server.
	 * @param server the server
	 * @return the properties
	 */
	public static String[] of(RedisServer server) {
		return toArray(map(server));
	}

	/**
	 * Returns the node list of a cluster.
	 * @param cluster the cluster
	 * @return the properties
	 */
	public static String[] of(RedisCluster cluster) {
		return toArray(map(cluster));
	}

	/**
	 * Returns the master name and the sentinel addresses of a Sentinel topology.
	 * @param sentinel the topology
	 * @return the properties
	 */
	public static String[] of(RedisSentinel sentinel) {
		return toArray(map(sentinel));
	}

	static Map<String, Object> map(RedisServer server) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.data.redis.host", server.host());
		properties.put("spring.data.redis.port", Integer.toString(server.port()));
		if (server.clientUsername() != null) {
			properties.put("spring.data.redis.username", server.clientUsername());
		}
		if (server.clientPassword() != null) {
			properties.put("spring.data.redis.password", server.clientPassword());
		}
		return properties;
	}

	static Map<String, Object> map(RedisCluster cluster) {
		return Map.of("spring.data.redis.cluster.nodes", cluster.nodeAddresses());
	}

	static Map<String, Object> map(RedisSentinel sentinel) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.data.redis.sentinel.master", sentinel.masterName());
		properties.put("spring.data.redis.sentinel.nodes", sentinel.sentinelNodes());
		return properties;
	}

	private static String[] toArray(Map<String, Object> properties) {
		List<String> pairs = new ArrayList<>();
		properties.forEach((key, value) -> pairs.add(key + "=" + value));
		return pairs.toArray(new String[0]);
	}

}

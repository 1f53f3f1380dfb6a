package io.github.redismessaging.test;

/**
 * One standalone server, one cluster and one Sentinel topology per test JVM, each started lazily on first use and
 * closed when the JVM exits.
 *
 * <p>Sharing keeps test suites fast: a cluster or Sentinel topology takes seconds to form. Tests that share them
 * should use unique keys or flush, and tests that damage the cluster or the Sentinel topology must call
 * {@link RedisCluster#restore()} or {@link RedisSentinel#restore()} afterwards.
 */
public final class SharedRedis {

	private static RedisServer standalone;

	private static RedisCluster cluster;

	private static RedisSentinel sentinel;

	private SharedRedis() {
	}

	/**
	 * Returns the shared standalone server, starting it on first use.
	 * @return the running server
	 */
	public static synchronized RedisServer standalone() {
		if (standalone == null) {
			standalone = RedisServer.builder().start();
		}
		return standalone;
	}

	/**
	 * Returns the shared cluster of three masters with one replica each, starting it on first use.
	 * @return the running cluster
	 */
	public static synchronized RedisCluster cluster() {
		if (cluster == null) {
			cluster = RedisCluster.builder().start();
		}
		return cluster;
	}

	/**
	 * Returns the shared Sentinel topology of one master, two replicas and three sentinels, starting it on first use.
	 * @return the running topology
	 */
	public static synchronized RedisSentinel sentinel() {
		if (sentinel == null) {
			sentinel = RedisSentinel.builder().start();
		}
		return sentinel;
	}

}

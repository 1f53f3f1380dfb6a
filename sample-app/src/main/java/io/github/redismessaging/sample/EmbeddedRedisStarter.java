package io.github.redismessaging.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import io.github.redismessaging.test.RedisCluster;

/**
 * Starts an embedded Redis 7 cluster (3 masters, 3 replicas, real {@code redis-server} processes) and points
 * {@code spring.data.redis.cluster.nodes} at it, when the environment configures no Redis.
 * <p>
 * A cluster rather than a single server, so that the demo exercises what production clusters need: sharded
 * pub/sub follows slot owners, and every queue and stream keeps its companion keys in one slot.
 * <p>
 * The cluster is registered as a bean ({@code embeddedRedisCluster}) that is disposed of last, so it stops after the
 * application context has closed: the listeners stop gracefully first and flush their acknowledgments while Redis is
 * still there. Its {@code redis-server} processes run in a session of their own where {@code setsid} exists, so a
 * Ctrl-C in the terminal reaches only the JVM, whose shutdown closes the context and then the cluster.
 */
final class EmbeddedRedisStarter implements ApplicationListener<SpringApplicationEvent> {

	/** Any of these means the user chose a Redis; then the sample must not start its own. */
	private static final List<String> REDIS_PROPERTIES = List.of("spring.data.redis.host", "spring.data.redis.url",
			"spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.master");

	private static final String BEAN_NAME = "embeddedRedisCluster";

	private RedisCluster cluster;

	@Override
	public void onApplicationEvent(SpringApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			startUnlessConfigured(prepared.getEnvironment());
		}
		else if (event instanceof ApplicationPreparedEvent prepared && this.cluster != null
				&& prepared.getApplicationContext().getBeanFactory() instanceof DefaultListableBeanFactory beans) {
			beans.registerSingleton(BEAN_NAME, this.cluster);
			beans.registerDisposableBean(BEAN_NAME, this.cluster::close);
		}
		else if (event instanceof ApplicationFailedEvent && this.cluster != null) {
			// The context may have failed before the disposable bean existed; close() is idempotent.
			this.cluster.close();
		}
	}

	private void startUnlessConfigured(ConfigurableEnvironment environment) {
		// AOT processing (the build's process-aot) only prepares the context: a cluster started then would outlive
		// the forked processor JVM.
		if (REDIS_PROPERTIES.stream().anyMatch(environment::containsProperty)
				|| Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return;
		}
		System.out.println("No Redis configured (spring.data.redis.*): starting an embedded Redis 7 cluster...");
		// Not closed by messaging-test's own JVM shutdown hook, which would run concurrently with Boot's and stop Redis
		// under the listeners. Boot runs its shutdown handlers after it has closed the context, so this one closes
		// the cluster on every JVM exit, even one before the context exists.
		this.cluster = RedisCluster.builder().closeOnJvmExit(false).build();
		SpringApplication.getShutdownHandlers().add(this.cluster::close);
		this.cluster.start();
		System.out.println("Started an embedded Redis 7 cluster, 3 masters + 3 replicas: "
				+ this.cluster.nodeAddresses() + " (redis-server pids: " + pids(this.cluster) + ")");
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.data.redis.cluster.nodes", this.cluster.nodeAddresses());
		if (!environment.containsProperty("spring.data.redis.timeout")) {
			// Lettuce's default of 60 s would make a command sent to a dying node hang for a minute.
			properties.put("spring.data.redis.timeout", "2s");
		}
		environment.getPropertySources().addFirst(new MapPropertySource("embeddedRedisCluster", properties));
	}

	private static String pids(RedisCluster cluster) {
		return cluster.nodes().stream().map((node) -> Long.toString(cluster.server(node).pid()))
			.collect(Collectors.joining(" "));
	}

}

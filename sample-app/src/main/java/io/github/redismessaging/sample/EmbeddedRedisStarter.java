package io.github.redismessaging.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
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
 * The cluster is registered as a disposable bean, so it stops after the application context has closed: the
 * listeners stop gracefully first and flush their acknowledgments while Redis is still there.
 */
final class EmbeddedRedisStarter implements ApplicationListener<SpringApplicationEvent> {

	/** Any of these means the user chose a Redis; then the sample must not start its own. */
	private static final List<String> REDIS_PROPERTIES = List.of("spring.data.redis.host", "spring.data.redis.url",
			"spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.master");

	private RedisCluster cluster;

	@Override
	public void onApplicationEvent(SpringApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			startUnlessConfigured(prepared.getEnvironment());
		}
		else if (event instanceof ApplicationPreparedEvent prepared && this.cluster != null
				&& prepared.getApplicationContext().getBeanFactory() instanceof DefaultListableBeanFactory beans) {
			beans.registerDisposableBean("embeddedRedisCluster", this.cluster::close);
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
		this.cluster = RedisCluster.builder().start();
		System.out.println("Started an embedded Redis 7 cluster, 3 masters + 3 replicas: " + this.cluster.nodeAddresses());
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.data.redis.cluster.nodes", this.cluster.nodeAddresses());
		if (!environment.containsProperty("spring.data.redis.timeout")) {
			// Lettuce's default of 60 s would make a command sent to a dying node hang for a minute.
			properties.put("spring.data.redis.timeout", "2s");
		}
		environment.getPropertySources().addFirst(new MapPropertySource("embeddedRedisCluster", properties));
	}

}

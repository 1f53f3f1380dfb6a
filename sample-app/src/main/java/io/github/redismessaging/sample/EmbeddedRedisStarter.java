package io.github.redismessaging.sample;

import java.util.Map;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import io.github.redismessaging.test.RedisServer;

/**
 * Starts an embedded Redis 7 server, and points {@code spring.data.redis.*} at it, when the environment does not
 * configure a Redis. The server stops, and its files are removed, after the application context has closed (so
 * listeners stop gracefully first), or at JVM exit.
 */
final class EmbeddedRedisStarter implements ApplicationListener<SpringApplicationEvent> {

	private RedisServer server;

	@Override
	public void onApplicationEvent(SpringApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			startUnlessConfigured(prepared.getEnvironment());
		}
		else if (event instanceof ApplicationPreparedEvent prepared && this.server != null
				&& prepared.getApplicationContext().getBeanFactory() instanceof DefaultListableBeanFactory beans) {
			beans.registerDisposableBean("embeddedRedisServer", this.server::close);
		}
	}

	private void startUnlessConfigured(ConfigurableEnvironment environment) {
		if (environment.containsProperty("spring.data.redis.host")
				|| environment.containsProperty("spring.data.redis.cluster.nodes")
				|| environment.containsProperty("spring.data.redis.url")) {
			return;
		}
		this.server = RedisServer.builder().start();
		System.out.println("Started an embedded Redis 7 on " + this.server.host() + ":" + this.server.port()
				+ " (try: redis-cli -p " + this.server.port() + " PUBLISH prices '{\"symbol\":\"X\",\"amount\":1}')");
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedRedis", Map.of("spring.data.redis.host", this.server.host(),
					"spring.data.redis.port", this.server.port())));
	}

}

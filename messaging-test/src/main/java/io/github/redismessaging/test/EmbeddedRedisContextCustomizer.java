package io.github.redismessaging.test;

import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Adds the {@code spring.data.redis.*} properties of a shared server, cluster or Sentinel setup as the first property
 * source.
 *
 * <p>Equality by mode is what lets Spring's test context cache share one context between all test classes that use
 * the same mode; the shared servers themselves never change address during a JVM.
 */
final class EmbeddedRedisContextCustomizer implements ContextCustomizer {

	static final String PROPERTY_SOURCE_NAME = "embeddedRedis";

	private final EmbeddedRedis.Mode mode;

	EmbeddedRedisContextCustomizer(EmbeddedRedis.Mode mode) {
		this.mode = mode;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		Map<String, Object> properties = switch (this.mode) {
			case STANDALONE -> RedisTestProperties.map(SharedRedis.standalone());
			case CLUSTER -> RedisTestProperties.map(SharedRedis.cluster());
			case SENTINEL -> RedisTestProperties.map(SharedRedis.sentinel());
		};
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof EmbeddedRedisContextCustomizer customizer && customizer.mode == this.mode;
	}

	@Override
	public int hashCode() {
		return this.mode.hashCode();
	}

}

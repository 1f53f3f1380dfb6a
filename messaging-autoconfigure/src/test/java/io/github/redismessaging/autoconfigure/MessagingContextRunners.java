package io.github.redismessaging.autoconfigure;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.redismessaging.test.RedisTestProperties;

/**
 * Context runners with the auto-configurations a Boot application using the starter has.
 */
final class MessagingContextRunners {

	private MessagingContextRunners() {
	}

	/**
	 * A runner with a short command timeout: a command queued for a node that was just killed fails after 2 s
	 * (and the test retries) instead of Lettuce's default 60 s. Lettuce's client resources are the runner's own,
	 * shut down with a bound ({@link BoundedClientResourcesShutdown}) rather than through Boot's bean.
	 */
	static ApplicationContextRunner base() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				JacksonAutoConfiguration.class, RedisMessagingAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("lettuceClientResources", ClientResources.class, DefaultClientResources::create)
			.withBean(BoundedClientResourcesShutdown.class, BoundedClientResourcesShutdown::new)
			.withPropertyValues("spring.data.redis.timeout=2s");
	}

	static ApplicationContextRunner standalone() {
		return base().withPropertyValues(RedisTestProperties.standalone());
	}

	static ApplicationContextRunner cluster() {
		return base().withPropertyValues(RedisTestProperties.cluster());
	}

	static ApplicationContextRunner sentinel() {
		return base().withPropertyValues(RedisTestProperties.sentinel());
	}

}

package io.github.redismessaging.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;

import io.github.redismessaging.publish.RedisMessagingTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter does not bring Actuator: without it, everything but the health indicator and the endpoint works.
 */
class WithoutActuatorIT {

	@Test
	void startsWithoutActuatorAndHealthOnTheClasspath() {
		MessagingContextRunners.standalone()
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
			.withUserConfiguration(PubSubStandaloneIT.PlaceholderListener.class)
			.withPropertyValues("app.channel=it.no-actuator")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(RedisMessagingEndpoint.class);
				assertThat(context).doesNotHaveBean("redisMessagingHealthIndicator");
				assertThat(context.getBean(RedisMessagingTemplate.class).publish("it.no-actuator", "hi")).isEqualTo(1);
			});
	}

}

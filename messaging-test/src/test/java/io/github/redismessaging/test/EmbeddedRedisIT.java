package io.github.redismessaging.test;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

@SpringJUnitConfig(EmbeddedRedisIT.Config.class)
@EmbeddedRedis
class EmbeddedRedisIT {

	@Autowired
	Environment environment;

	@Test
	void pointsSpringDataRedisAtTheSharedServer() {
		assertThat(this.environment.getProperty("spring.data.redis.host")).isEqualTo("127.0.0.1");
		assertThat(this.environment.getProperty("spring.data.redis.port", Integer.class))
			.isEqualTo(SharedRedis.standalone().port());
		assertThat(this.environment.getProperty("spring.data.redis.cluster.nodes")).isNull();
	}

	@Nested
	@EmbeddedRedis(EmbeddedRedis.Mode.CLUSTER)
	class InClusterMode {

		@Autowired
		Environment environment;

		@Test
		void pointsSpringDataRedisAtTheSharedCluster() {
			assertThat(this.environment.getProperty("spring.data.redis.cluster.nodes"))
				.isEqualTo(SharedRedis.cluster().nodeAddresses());
		}

	}

	@Nested
	@EmbeddedRedis(EmbeddedRedis.Mode.SENTINEL)
	class InSentinelMode {

		@Autowired
		Environment environment;

		@Test
		void pointsSpringDataRedisAtTheSharedSentinels() {
			assertThat(this.environment.getProperty("spring.data.redis.sentinel.master"))
				.isEqualTo(SharedRedis.sentinel().masterName());
			assertThat(this.environment.getProperty("spring.data.redis.sentinel.nodes"))
				.isEqualTo(SharedRedis.sentinel().sentinelNodes());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}

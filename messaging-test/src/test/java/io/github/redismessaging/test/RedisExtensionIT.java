package io.github.redismessaging.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedisExtension.class)
class RedisExtensionIT {

	private final RedisServer server;

	RedisExtensionIT(RedisServer server) {
		this.server = server;
	}

	@Test
	void injectsTheSharedStandaloneServer() {
		assertThat(this.server).isSameAs(SharedRedis.standalone());
		assertThat(this.server.isRunning()).isTrue();
		assertThat(RedisTestProperties.standalone()).containsExactly("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + this.server.port());
	}

	@Test
	void injectsTheSharedCluster(RedisCluster cluster) {
		assertThat(cluster).isSameAs(SharedRedis.cluster());
		assertThat(RedisTestProperties.cluster())
			.containsExactly("spring.data.redis.cluster.nodes=" + cluster.nodeAddresses());
	}

}

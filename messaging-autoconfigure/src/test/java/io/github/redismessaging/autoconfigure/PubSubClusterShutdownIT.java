package io.github.redismessaging.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.ClusterNode;
import io.github.redismessaging.test.RedisCluster;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping a context whose subscribers run on a real cluster is a normal event: it logs no warning, error or
 * stack trace, even when the stop interrupts a subscription check in progress.
 */
class PubSubClusterShutdownIT {

	private static final Duration PAUSE = Duration.ofSeconds(1);

	private final RedisCluster cluster = SharedRedis.cluster();

	@Test
	void stoppingTheContextWhileACheckWaitsForRedisLogsNoStackTrace() throws InterruptedException {
		try (LogCapture log = LogCapture.of("io.github.redismessaging")) {
			// With a topology refresh on every check (every 200 ms), a check is waiting for Redis when the
			// context stops, and the stop interrupts it.
			MessagingContextRunners.cluster()
				.withUserConfiguration(Listeners.class)
				.withPropertyValues("redis.messaging.pubsub.defaults.topology-refresh-interval=1ms")
				.run((context) -> {
					assertDelivered(context.getBean(RedisMessagingTemplate.class), context.getBean(Received.class));
					pauseEveryNode();
					Thread.sleep(PAUSE.toMillis() / 2);
					context.close();
				});
			Thread.sleep(PAUSE.toMillis());
			assertThat(log.stackTraces()).isZero();
			assertThat(log.lines()).isEmpty();
		}
	}

	private void pauseEveryNode() {
		for (ClusterNode node : this.cluster.nodes()) {
			try (RawRedis redis = RawRedis.of(this.cluster.server(node))) {
				redis.commands().clientPause(PAUSE.toMillis());
			}
		}
	}

	private static void assertDelivered(RedisMessagingTemplate template, Received received) {
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			template.publishSharded("it.shutdown.sharded", "x");
			template.publish("it.shutdown.classic", "y");
			assertThat(received.items()).contains("sharded x", "classic y");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		Received received() {
			return new Received();
		}

		@Bean
		ShutdownListenerBean shutdownListenerBean(Received received) {
			return new ShutdownListenerBean(received);
		}

	}

	static class ShutdownListenerBean {

		private final Received received;

		ShutdownListenerBean(Received received) {
			this.received = received;
		}

		@RedisSubscriber(id = "shutdownSharded", channels = "it.shutdown.sharded", sharded = "true")
		void sharded(String message) {
			this.received.add("sharded " + message);
		}

		@RedisSubscriber(id = "shutdownClassic", channels = "it.shutdown.classic")
		void classic(String message) {
			this.received.add("classic " + message);
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.RedisServer;
import io.github.redismessaging.test.RedisTestProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscriptions come back by themselves after the standalone server is killed and restarted on the same port.
 */
class PubSubResilienceIT {

	@Test
	void deliveryResumesAfterTheServerIsKilledAndRestarted() {
		try (RedisServer server = RedisServer.builder().start()) {
			MessagingContextRunners.base()
				.withPropertyValues(RedisTestProperties.of(server))
				.withUserConfiguration(Listeners.class)
				.run((context) -> {
					RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
					Received received = context.getBean(Received.class);
					template.publish("it.restart", "before");
					template.publishSharded("it.restart.sharded", "before");
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(received.items()).contains("classic before", "sharded before"));

					server.kill();
					server.restart();

					AtomicInteger attempt = new AtomicInteger();
					await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
						.untilAsserted(() -> {
							String message = "after-" + attempt.incrementAndGet();
							template.publish("it.restart", message);
							template.publishSharded("it.restart.sharded", message);
							assertThat(received.items()).anyMatch((item) -> item.startsWith("classic after-"))
								.anyMatch((item) -> item.startsWith("sharded after-"));
						});
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		Received received() {
			return new Received();
		}

		@Bean
		ListenerBean listenerBean(Received received) {
			return new ListenerBean(received);
		}

	}

	static class ListenerBean {

		private final Received received;

		ListenerBean(Received received) {
			this.received = received;
		}

		@RedisSubscriber(channels = "it.restart")
		void classic(String message) {
			this.received.add("classic " + message);
		}

		@RedisSubscriber(channels = "it.restart.sharded", sharded = "true")
		void sharded(String message) {
			this.received.add("sharded " + message);
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.annotation.RedisListener;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.publish.RedisMessagingTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter lives next to Spring Data Redis's own {@code @RedisListener} and Boot's
 * {@code redisMessageListenerContainer}: both kinds of listener receive the same message.
 */
class CoexistenceIT {

	@Test
	void springDataRedisListenerAndRedisSubscriberBothReceive() {
		MessagingContextRunners.standalone().withUserConfiguration(BothListeners.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(RedisMessageListenerContainer.class);
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			Received received = context.getBean(Received.class);
			await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				template.publish("it.coexist", "hello");
				assertThat(received.items()).contains("spring-data hello", "redis-messaging hello");
			});
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class BothListeners {

		@Bean
		Received received() {
			return new Received();
		}

		@Bean
		BothListenersBean bothListenersBean(Received received) {
			return new BothListenersBean(received);
		}

	}

	static class BothListenersBean {

		private final Received received;

		BothListenersBean(Received received) {
			this.received = received;
		}

		@RedisListener(topic = "it.coexist")
		void springData(String message) {
			this.received.add("spring-data " + message);
		}

		@RedisSubscriber(channels = "it.coexist")
		void redisMessaging(String message) {
			this.received.add("redis-messaging " + message);
		}

	}

}

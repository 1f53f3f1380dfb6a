package io.github.redismessaging.annotation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.metrics.MessagingMetrics;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.pubsub.PubSubContainerFactory;
import io.github.redismessaging.test.SharedRedis;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The core works in a plain Spring context, without Boot auto-configuration.
 */
class EnableRedisMessagingIT {

	@Test
	void subscribesWithoutBoot() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(PlainConfig.class)) {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			Prices prices = context.getBean(Prices.class);
			assertThat(template.publish("core.prices", new Price("ACME", 3.5))).isEqualTo(1);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(prices.received).containsExactly(
					new Price("ACME", 3.5)));
		}
	}

	record Price(String symbol, double amount) {
	}

	static class Prices {

		final List<Price> received = new CopyOnWriteArrayList<>();

		@RedisSubscriber(channels = "core.prices")
		void on(Price price) {
			this.received.add(price);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRedisMessaging
	static class PlainConfig {

		@Bean(destroyMethod = "shutdown")
		RedisClient redisClient() {
			return RedisClient.create(SharedRedis.standalone().uri());
		}

		@Bean
		RedisConnections redisConnections(RedisClient client) {
			return RedisConnections.of(() -> client);
		}

		@Bean
		PayloadCodec payloadCodec() {
			return PayloadCodec.json(JsonMapper.shared());
		}

		@Bean
		RedisMessagingTemplate template(RedisConnections connections, PayloadCodec codec) {
			return RedisMessagingTemplate.create(connections, codec);
		}

		@Bean
		PubSubContainerFactory pubSubContainerFactory(RedisConnections connections) {
			return new PubSubContainerFactory(connections, MessagingMetrics.none());
		}

		@Bean
		Prices prices() {
			return new Prices();
		}

	}

}

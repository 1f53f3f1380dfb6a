package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.test.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscriber on a standalone server whose connection goes silent (a server replaced behind the same address, a
 * host that vanished): nothing closes the connection, so only the subscription's own liveness check can notice.
 * It must subscribe again, on the server now behind the address, within a few seconds.
 */
class PubSubLivenessIT {

	@Test
	void subscriberWhoseConnectionGoesSilentSubscribesAgainOnTheServerNowBehindTheAddress() throws Exception {
		try (RedisServer first = RedisServer.builder().start(); RedisServer second = RedisServer.builder().start();
				SilencingProxy proxy = new SilencingProxy(first.port())) {
			MessagingContextRunners.base()
				.withUserConfiguration(Subscriber.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + proxy.port())
				.run((context) -> {
					Subscriber subscriber = context.getBean(Subscriber.class);
					assertReceives(first, subscriber, "before", Duration.ofSeconds(5));
					proxy.replaceWith(second.port());
					assertReceives(second, subscriber, "after", Duration.ofSeconds(8));
				});
		}
	}

	/** Publishes on the server until the subscriber receives one of the messages. */
	private static void assertReceives(RedisServer server, Subscriber subscriber, String prefix, Duration within) {
		RedisClient client = RedisClient.create(server.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			AtomicInteger attempt = new AtomicInteger();
			await().atMost(within).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
				String message = prefix + "-" + attempt.incrementAndGet();
				connection.sync().publish(Subscriber.CHANNEL, message);
				assertThat(subscriber.received).contains(message);
			});
		}
		finally {
			client.shutdown();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Subscriber {

		static final String CHANNEL = "it.liveness.news";

		final Set<String> received = ConcurrentHashMap.newKeySet();

		@RedisSubscriber(id = "news", channels = CHANNEL)
		void on(String message) {
			this.received.add(message);
		}

	}

}

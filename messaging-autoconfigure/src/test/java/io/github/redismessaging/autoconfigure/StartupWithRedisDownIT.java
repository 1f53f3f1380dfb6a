package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.test.RedisServer;
import io.github.redismessaging.test.RedisTestProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application with a listener of each kind starts while Redis is down, reports the failure, retries with
 * backoff, and consumes once Redis is up.
 */
class StartupWithRedisDownIT {

	@Test
	void queueListener() {
		String queue = "it.startup." + UUID.randomUUID();
		startWhileRedisIsDown("jobs", QueueTestListeners.Text.class, "test.queues=" + queue, false,
				(redis) -> redis.commands().lpush(queue, "after the outage"));
	}

	@Test
	void streamListenerWithAGroup() {
		String stream = "it.startup." + UUID.randomUUID();
		startWhileRedisIsDown("text", StreamTestListeners.Text.class, "test.stream=" + stream, false,
				(redis) -> redis.add(stream, "after the outage"), "test.group=g");
	}

	@Test
	void subscriber() {
		String channel = "it.startup." + UUID.randomUUID();
		startWhileRedisIsDown("startup", Subscriber.class, "test.channel=" + channel, true,
				(redis) -> redis.commands().publish(channel, "after the outage"));
	}

	/**
	 * Starts the application against a stopped Redis, checks that the listener runs and reports the failure, starts
	 * Redis and sends one message, or for a subscriber (which misses what is published before it has subscribed
	 * again) sends until it has one, then checks that the listener got exactly that.
	 */
	private static void startWhileRedisIsDown(String listenerId, Class<?> listeners, String destination,
			boolean resendUntilReceived, Consumer<RawRedis> send, String... properties) {
		try (RedisServer server = RedisServer.builder().start()) {
			server.stop();
			MessagingContextRunners.base()
				.withPropertyValues(RedisTestProperties.of(server))
				.withUserConfiguration(listeners)
				.withPropertyValues(destination)
				.withPropertyValues(properties)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					MessageListenerContainer container = context.getBean(RedisListenerRegistry.class)
						.container(listenerId)
						.orElseThrow();
					assertThat(container.isRunning()).isTrue();
					await().atMost(Duration.ofSeconds(10)).until(() -> container.status().failingSince() != null);
					server.restart();
					try (RawRedis redis = RawRedis.of(server)) {
						Processed processed = context.getBean("processed", Processed.class);
						send.accept(redis);
						await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
							if (resendUntilReceived && processed.payloads.isEmpty()) {
								send.accept(redis);
							}
							return !processed.payloads.isEmpty();
						});
						assertThat(processed.payloads.values()).containsExactly("after the outage");
						if (!resendUntilReceived) {
							assertThat(processed.deliveries.values()).singleElement()
								.satisfies((count) -> assertThat(count.get()).isEqualTo(1));
						}
						await().atMost(Duration.ofSeconds(5)).until(() -> container.status().failingSince() == null);
					}
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Subscriber extends StreamTestListeners.Common {

		@Bean
		Object startupSubscriber(Processed processed) {
			return new Object() {
				@RedisSubscriber(id = "startup", channels = "${test.channel}")
				void on(String message) {
					processed.record(message, message);
				}
			};
		}

	}

}

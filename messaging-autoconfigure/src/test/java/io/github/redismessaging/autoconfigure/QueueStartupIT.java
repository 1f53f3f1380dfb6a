package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.test.RedisServer;
import io.github.redismessaging.test.RedisTestProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application with a {@code @QueueListener} starts while Redis is down, reports the failure, retries with
 * backoff, and consumes once Redis is up.
 */
class QueueStartupIT {

	@Test
	void applicationStartsWhileRedisIsDownAndConsumesOnceItIsUp() {
		String queue = "it.queue.startup." + UUID.randomUUID();
		try (RedisServer server = RedisServer.builder().start()) {
			server.stop();
			MessagingContextRunners.base()
				.withPropertyValues(RedisTestProperties.of(server))
				.withUserConfiguration(QueueTestListeners.Text.class)
				.withPropertyValues("test.queues=" + queue)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					MessageListenerContainer container = context.getBean(RedisListenerRegistry.class)
						.container("jobs")
						.orElseThrow();
					assertThat(container.isRunning()).isTrue();
					await().atMost(Duration.ofSeconds(10)).until(() -> container.status().failingSince() != null);
					server.restart();
					try (RawRedis redis = RawRedis.of(server)) {
						redis.commands().lpush(queue, "after the outage");
						Processed processed = context.getBean("processed", Processed.class);
						await().atMost(Duration.ofSeconds(20))
							.untilAsserted(() -> assertThat(processed.payloads.values()).containsExactly("after the outage"));
						await().atMost(Duration.ofSeconds(5)).until(() -> container.status().failingSince() == null);
					}
				});
		}
	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application with a stream, a queue and a pub/sub listener on the cluster closes without a single warning:
 * the listeners stop first, then the starter's connections, then Spring's connection factory shuts the client down.
 */
class ClusterShutdownIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.cluster());

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void closingTheContextLogsNoWarning() {
		String stream = "it.shutdown." + UUID.randomUUID();
		String queue = "it.shutdown." + UUID.randomUUID();
		String channel = "it.shutdown." + UUID.randomUUID();
		try (LogCapture warnings = LogCapture.of("ROOT")) {
			MessagingContextRunners.cluster()
				.withUserConfiguration(StreamTestListeners.Text.class, QueueTestListeners.Text.class,
						StartupWithRedisDownIT.Subscriber.class)
				.withPropertyValues("test.stream=" + stream, "test.group=g", "test.queues=" + queue,
						"test.channel=" + channel)
				.run((context) -> {
					Processed processed = context.getBean("processed", Processed.class);
					redis.add(stream, "stream message");
					redis.commands().lpush(queue, "queue message");
					await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
						if (!processed.payloads.containsValue("pubsub message")) {
							redis.commands().publish(channel, "pubsub message");
						}
						return processed.payloads.values()
							.containsAll(List.of("stream message", "queue message", "pubsub message"));
					});
				});
			assertThat(warnings.lines()).isEmpty();
		}
	}

}

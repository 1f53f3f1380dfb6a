package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.test.RedisServer;
import io.github.redismessaging.test.RedisTestProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator can read the log through an outage: Redis unavailable for 10 s under a running stream and queue
 * listener yields at most about one line per listener per second, and no stack trace.
 */
class OutageLogIT {

	private static final int OUTAGE_SECONDS = 10;

	@Test
	void tenSecondsWithoutRedisLogAtMostTwoLinesPerListenerPerSecond() {
		String queue = "it.outage." + UUID.randomUUID();
		String stream = "it.outage." + UUID.randomUUID();
		try (RedisServer server = RedisServer.builder().start(); RawRedis redis = RawRedis.of(server)) {
			MessagingContextRunners.base()
				.withPropertyValues(RedisTestProperties.of(server))
				.withUserConfiguration(QueueTestListeners.Text.class, StreamTestListeners.Text.class)
				.withPropertyValues("test.queues=" + queue, "test.stream=" + stream, "test.group=g")
				.run((context) -> {
					redis.commands().lpush(queue, "before");
					redis.add(stream, "before");
					Processed processed = context.getBean("processed", Processed.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> processed.payloads.size() == 2);
					List<String> lines;
					long stackTraces;
					try (LogCapture log = LogCapture.of("io.github.redismessaging")) {
						server.kill();
						await().pollDelay(Duration.ofSeconds(OUTAGE_SECONDS)).atMost(Duration.ofSeconds(OUTAGE_SECONDS + 1))
							.until(() -> true);
						lines = log.lines();
						stackTraces = log.stackTraces();
					}
					server.restart();
					await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
						.until(() -> redis.commands().lpush(queue, "after") > 0);
					await().atMost(Duration.ofSeconds(20))
						.until(() -> processed.payloads.containsValue("after"));
					System.out.println("Outage of " + OUTAGE_SECONDS + " s: " + lines.size() + " lines\n"
							+ String.join("\n", lines));
					assertThat(lines.size()).as(String.join("\n", lines)).isLessThanOrEqualTo(2 * 2 * OUTAGE_SECONDS);
					assertThat(stackTraces).isLessThanOrEqualTo(2);
				});
		}
	}

}

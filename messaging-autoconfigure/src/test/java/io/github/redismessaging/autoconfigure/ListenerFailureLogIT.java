package io.github.redismessaging.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener that throws on every delivery logs one WARN line per failed call, naming the listener, the entry or
 * item, the attempt and the exception, and a stack trace at WARN only once a minute per listener.
 */
class ListenerFailureLogIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void everyFailedCallLogsOneWarnLineAndOneStackTracePerListener() {
		String stream = "it.failurelog." + UUID.randomUUID();
		String queue = "it.failurelog." + UUID.randomUUID();
		try (LogCapture log = LogCapture.of("io.github.redismessaging")) {
			MessagingContextRunners.standalone()
				.withUserConfiguration(StreamTestListeners.Text.class, QueueTestListeners.Text.class)
				.withPropertyValues("test.stream=" + stream, "test.group=g", "test.queues=" + queue,
						"redis.messaging.listeners.text.max-deliveries=3",
						"redis.messaging.listeners.text.retries=1",
						"redis.messaging.listeners.text.backoff.delay=20ms",
						"redis.messaging.listeners.text.claim-min-idle=100ms",
						"redis.messaging.listeners.text.claim-interval=100ms",
						"redis.messaging.listeners.jobs.max-attempts=3",
						"redis.messaging.listeners.jobs.backoff.delay=20ms",
						"redis.messaging.listeners.jobs.maintenance-interval=50ms")
				.run((context) -> {
					String entry = redis.add(stream, "poison-entry");
					redis.commands().lpush(queue, "poison-item");
					await().atMost(Duration.ofSeconds(15)).until(() -> redis.commands().xlen("{" + stream + "}:dlq") == 1
							&& redis.commands().llen("{" + queue + "}:dlq") == 1);
					Processed attempts = context.getBean("attempts", Processed.class);
					assertThat(attempts.count(entry)).isEqualTo(6);
					String item = "raw:" + Integer.toHexString(Arrays.hashCode("poison-item".getBytes(StandardCharsets.UTF_8)));
					assertThat(attempts.count(item)).isEqualTo(3);

					List<String> entryLines = log.lines().stream().filter((line) -> line.contains("failed on entry")).toList();
					String entryFailure = "java.lang.IllegalStateException: cannot handle poison-entry";
					assertThat(entryLines).containsExactly(
							"WARN Listener 'text' failed on entry " + entry + " of stream '" + stream + "' group 'g' "
									+ "(attempt 1 of 3); retrying in 20 ms (in-process retry 1 of 1): " + entryFailure,
							"WARN Listener 'text' failed on entry " + entry + " of stream '" + stream + "' group 'g' "
									+ "(attempt 1 of 3); it stays pending and is delivered again after 100 ms: "
									+ entryFailure,
							"WARN Listener 'text' failed on entry " + entry + " of stream '" + stream + "' group 'g' "
									+ "(attempt 2 of 3); retrying in 20 ms (in-process retry 1 of 1): " + entryFailure,
							"WARN Listener 'text' failed on entry " + entry + " of stream '" + stream + "' group 'g' "
									+ "(attempt 2 of 3); it stays pending and is delivered again after 100 ms: "
									+ entryFailure,
							"WARN Listener 'text' failed on entry " + entry + " of stream '" + stream + "' group 'g' "
									+ "(attempt 3 of 3); retrying in 20 ms (in-process retry 1 of 1): " + entryFailure,
							"WARN Listener 'text' failed on entry " + entry + " of stream '" + stream + "' group 'g' "
									+ "(attempt 3 of 3); it stays pending and is dead-lettered after 100 ms: "
									+ entryFailure);
					List<String> itemLines = log.lines().stream().filter((line) -> line.contains("failed on item")).toList();
					assertThat(itemLines).hasSize(2)
						.allSatisfy((line) -> assertThat(line).startsWith("WARN Listener 'jobs' failed on item " + item + " of " + queue)
							.contains("retrying in")
							.endsWith("java.lang.IllegalStateException: cannot handle poison-item"));
					assertThat(itemLines.get(0)).contains("(attempt 1 of 3)");
					assertThat(itemLines.get(1)).contains("(attempt 2 of 3)");
					assertThat(log.linesWithStackTrace()).hasSize(2)
						.anySatisfy((line) -> assertThat(line).isEqualTo(entryLines.get(0)))
						.anySatisfy((line) -> assertThat(line).isEqualTo(itemLines.get(0)));
				});
		}
	}

}

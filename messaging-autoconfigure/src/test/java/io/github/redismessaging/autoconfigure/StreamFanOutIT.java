package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @StreamListener} without a group: every instance sees every entry.
 */
class StreamFanOutIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void twoInstancesWithoutAGroupBothReceiveEveryEntryAndEarliestReadsTheHistory() {
		String stream = "it.fanout." + UUID.randomUUID();
		List<String> history = IntStream.range(0, 50).mapToObj((i) -> redis.add(stream, "old-" + i)).toList();
		var fromLatest = MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "redis.messaging.listeners.text.start=latest");
		var fromEarliest = MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream);
		fromLatest.run((latest) -> fromEarliest.run((earliest) -> {
			Processed early = earliest.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(early.deliveries.keySet()).containsExactlyInAnyOrderElementsOf(history));
			List<String> fresh = IntStream.range(0, 200).mapToObj((i) -> redis.add(stream, "new-" + i)).toList();
			Processed late = latest.getBean("processed", Processed.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(late.deliveries.keySet()).containsExactlyInAnyOrderElementsOf(fresh);
				assertThat(early.deliveries).hasSize(250);
			});
			assertThat(early.deliveries.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
			assertThat(redis.commands().xinfoGroups(stream)).isEmpty();
		}));
	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A queue paused through one application context stops every instance: two contexts share a queue, one pauses it,
 * and for three fetch cycles after items are enqueued neither takes any; resumed through the other, both go on,
 * and every item is processed once.
 */
class QueueGlobalPauseIT {

	private static final Duration BLOCK = Duration.ofMillis(300);

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "AT_LEAST_ONCE", "AT_MOST_ONCE" })
	void pausedThroughOneInstanceNoInstanceTakesAndResumedAllGoOn(String mode) {
		String queue = "it.queue.paused." + UUID.randomUUID();
		ApplicationContextRunner instance = MessagingContextRunners.standalone()
			.withUserConfiguration(QueueTestListeners.Text.class)
			.withPropertyValues("test.queues=" + queue, "redis.messaging.listeners.jobs.mode=" + mode,
					"redis.messaging.listeners.jobs.block=" + BLOCK.toMillis() + "ms",
					"redis.messaging.listeners.jobs.maintenance-interval=200ms");
		instance.run((first) -> instance.run((second) -> {
			RedisMessagingTemplate template = first.getBean(RedisMessagingTemplate.class);
			template.enqueueAll(queue, List.of("before-1", "before-2"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> processed(first, second).containsAll(List.of("before-1", "before-2")));

			template.pauseQueue(queue);
			assertThat(second.getBean(RedisMessagingTemplate.class).isQueuePaused(queue)).isTrue();
			List<String> during = IntStream.range(0, 20).mapToObj((i) -> "during-" + i).toList();
			template.enqueueAll(queue, during);
			await().during(BLOCK.multipliedBy(3)).atMost(BLOCK.multipliedBy(5))
				.until(() -> redis.commands().llen(queue) == during.size());
			assertThat(processed(first, second)).doesNotContainAnyElementsOf(during);
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(pausedEverywhere(first, queue))
				.isEqualTo(1L));

			assertThat(second.getBean(RedisMessagingTemplate.class).resumeQueue(queue)).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> processed(first, second).containsAll(during));
			assertThat(redis.commands().llen(queue)).isZero();
			assertThat(deliveries(first) + deliveries(second)).as("each item processed once").isEqualTo(22);
			assertThat(template.isQueuePaused(queue)).isFalse();
		}));
	}

	private static Set<String> processed(ConfigurableApplicationContext... contexts) {
		Set<String> payloads = new HashSet<>();
		for (ConfigurableApplicationContext context : contexts) {
			payloads.addAll(context.getBean("processed", Processed.class).payloads.values());
		}
		return payloads;
	}

	private static int deliveries(ConfigurableApplicationContext context) {
		return context.getBean("processed", Processed.class).payloadCounts.values().stream()
			.mapToInt((count) -> count.get())
			.sum();
	}

	@SuppressWarnings("unchecked")
	private static Object pausedEverywhere(ConfigurableApplicationContext context, String queue) {
		Map<String, Object> details = context.getBean(RedisListenerRegistry.class)
			.container("jobs")
			.orElseThrow()
			.status()
			.details();
		Map<String, Map<String, Object>> queues = (Map<String, Map<String, Object>>) details.get("queues");
		return queues.get(queue).get("pausedEverywhere");
	}

}

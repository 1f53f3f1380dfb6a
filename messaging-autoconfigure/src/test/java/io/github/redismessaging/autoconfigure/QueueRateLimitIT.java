package io.github.redismessaging.autoconfigure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.redismessaging.autoconfigure.QueueTestListeners.Timeline;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.publish.RedisMessagingTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rate limit holds across instances: two application contexts share a queue limited to 50 items a second and
 * together take 500 items in no less than 9 s (the first 50 at once, then 50 in each further second) and no more
 * than 12 s, each item once. While held back, their fetch threads sleep until the window reopens instead of asking
 * Redis again and again: each uses less than 5% of the run in CPU time. Both modes, as the take and the pop script
 * each keep the limit.
 */
class QueueRateLimitIT {

	private static final int ITEMS = 500;

	private static final int LIMIT = 50;

	private static final String FETCH_THREAD = "redis-queue-jobs-fetch";

	@ParameterizedTest
	@ValueSource(strings = { "AT_LEAST_ONCE", "AT_MOST_ONCE" })
	void twoInstancesTogetherTakeNoMoreThanTheLimitAndSleepWhileHeldBack(String mode) {
		String queue = "it.queue.rate." + UUID.randomUUID();
		ApplicationContextRunner instance = MessagingContextRunners.standalone()
			.withUserConfiguration(QueueTestListeners.Text.class)
			.withPropertyValues("test.queues=" + queue, "redis.messaging.listeners.jobs.mode=" + mode,
					"redis.messaging.listeners.jobs.rate-limit=" + LIMIT + "/1s");
		// Fetch threads of other tests' listeners named alike may still be ending: only new ones are these.
		List<Thread> others = fetchThreads();
		instance.run((first) -> instance.run((second) -> {
			ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
			// a thread takes the name of its task once it runs it
			await().atMost(Duration.ofSeconds(10)).until(() -> newThreads(others).size() == 2);
			List<Thread> fetchThreads = newThreads(others);
			Map<Long, Long> cpuBefore = new HashMap<>();
			fetchThreads.forEach((thread) -> cpuBefore.put(thread.getId(), cpu.getThreadCpuTime(thread.getId())));
			List<String> payloads = IntStream.range(0, ITEMS).mapToObj((i) -> "rated-" + i).toList();

			long start = System.nanoTime();
			first.getBean(RedisMessagingTemplate.class).enqueueAll(queue, payloads);
			await().atMost(Duration.ofSeconds(20)).until(() -> processedCount(first, second) >= ITEMS);
			long wall = System.nanoTime() - start;

			List<Processed> processed = List.of(processed(first), processed(second));
			long lastProcessed = processed.stream()
				.flatMap((each) -> each.firstNanos.values().stream())
				.mapToLong(Long::longValue)
				.max()
				.orElseThrow();
			assertThat(Duration.ofNanos(lastProcessed - start)).as("from the enqueue to the last item processed")
				.isBetween(Duration.ofSeconds(9), Duration.ofSeconds(12));
			Map<String, Integer> counts = new HashMap<>();
			processed.forEach((each) -> each.payloadCounts
				.forEach((payload, count) -> counts.merge(payload, count.get(), Integer::sum)));
			assertThat(counts).as("every item processed, each once").containsOnlyKeys(payloads);
			assertThat(counts.values()).containsOnly(1);

			List<Long> attempts = new ArrayList<>(first.getBean(Timeline.class).attemptNanos);
			attempts.addAll(second.getBean(Timeline.class).attemptNanos);
			attempts.sort(null);
			assertThat(attempts).hasSize(ITEMS);
			for (int i = 0; i + LIMIT < attempts.size(); i++) {
				assertThat(Duration.ofNanos(attempts.get(i + LIMIT) - attempts.get(i)))
					.as("time from item %d to item %d taken", i, i + LIMIT)
					.isGreaterThan(Duration.ofMillis(800));
			}

			for (Thread thread : fetchThreads) {
				long used = cpu.getThreadCpuTime(thread.getId()) - cpuBefore.get(thread.getId());
				assertThat(Duration.ofNanos(used)).as("CPU time of %s during a run of %d ms", thread,
						Duration.ofNanos(wall).toMillis())
					.isLessThan(Duration.ofNanos(wall / 20));
			}
		}));
	}

	private static List<Thread> fetchThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(FETCH_THREAD) && thread.isAlive())
			.toList();
	}

	private static List<Thread> newThreads(List<Thread> others) {
		return fetchThreads().stream().filter((thread) -> !others.contains(thread)).toList();
	}

	private static int processedCount(ConfigurableApplicationContext... contexts) {
		int count = 0;
		for (ConfigurableApplicationContext context : contexts) {
			count += processed(context).payloadCounts.values().stream().mapToInt((each) -> each.get()).sum();
		}
		return count;
	}

	private static Processed processed(ConfigurableApplicationContext context) {
		return context.getBean("processed", Processed.class);
	}

}

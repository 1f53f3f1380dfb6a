package io.github.redismessaging.autoconfigure;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ten listeners (four stream, three queue, three pub/sub) run on the threads the auto-configuration provides:
 * platform threads named {@code redis-<kind>-<listener>-<role>} by default, virtual threads with
 * {@code spring.threads.virtual.enabled=true}, and then only a handful of platform threads more than before the
 * application started.
 */
class ListenerThreadsIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	private static final List<String> STREAMS = List.of("s1", "s2", "s3", "s4");

	private static final List<String> QUEUES = List.of("q1", "q2", "q3");

	private static final List<String> CHANNELS = List.of("c1", "c2", "c3");

	private final String prefix = "it.threads." + UUID.randomUUID() + ".";

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void platformThreadsCarryTheListenerAndTheirRole() {
		runner().run((context) -> {
			Map<String, Thread> handledOn = handleOneMessageEach(context);
			handledOn.forEach((listener, thread) -> assertThat(thread.getName())
				.isEqualTo("redis-" + kindOf(listener) + "-" + listener + "-worker-0"));
			Set<String> platformNames = platformThreadNames();
			assertThat(platformNames).contains("redis-stream-s1-fetch", "redis-queue-q1-fetch",
					"redis-stream-s4-worker-0", "redis-pubsub-c3-worker-0");
		});
	}

	@Test
	void virtualThreadsWhenEnabledAndOnlyAHandfulOfPlatformThreads() {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21 or later");
		int platformBefore = ManagementFactory.getThreadMXBean().getThreadCount();
		runner().withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Map<String, Thread> handledOn = handleOneMessageEach(context);
			handledOn.forEach((listener, thread) -> assertThat(isVirtual(thread))
				.as("listener %s handled on %s", listener, thread)
				.isTrue());
			assertThat(handledOn.get("s1").getName()).isEqualTo("redis-stream-s1-worker-0");
			assertThat(platformThreadNames()).noneMatch((name) -> name.startsWith("redis-stream-")
					|| name.startsWith("redis-queue-") || name.startsWith("redis-pubsub-"));
			int platformAdded = ManagementFactory.getThreadMXBean().getThreadCount() - platformBefore;
			// the scheduler's two threads, the carriers of virtual threads (one per core, here two) and their
			// helpers, Lettuce's event loops and timers: 9 seen on 2 cores. With platform threads, the ten
			// listeners alone hold 17 (a fetch loop and a worker per stream and queue listener, a worker per
			// subscriber).
			assertThat(platformAdded).as("platform threads added: %s", platformThreadNames()).isLessThanOrEqualTo(12);
		});
	}

	private ApplicationContextRunner runner() {
		return MessagingContextRunners.standalone()
			.withUserConfiguration(TenListeners.class)
			.withPropertyValues("test.prefix=" + this.prefix);
	}

	private Map<String, Thread> handleOneMessageEach(AssertableApplicationContext context) {
		Map<String, Thread> handledOn = context.getBean(TenListeners.class).handledOn;
		STREAMS.forEach((stream) -> redis.add(this.prefix + stream, "m"));
		QUEUES.forEach((queue) -> redis.commands().lpush(this.prefix + queue, "m"));
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
			CHANNELS.stream()
				.filter((channel) -> !handledOn.containsKey(channel))
				.forEach((channel) -> redis.commands().publish(this.prefix + channel, "m"));
			return handledOn.size() == 10;
		});
		return handledOn;
	}

	private static String kindOf(String listener) {
		return switch (listener.charAt(0)) {
			case 's' -> "stream";
			case 'q' -> "queue";
			default -> "pubsub";
		};
	}

	private static Set<String> platformThreadNames() {
		return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
	}

	private static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class TenListeners {

		final Map<String, Thread> handledOn = new ConcurrentHashMap<>();

		@Bean
		Object tenListenersBean() {
			return new Object() {

				@StreamListener(id = "s1", stream = "${test.prefix}s1", group = "g", start = "earliest")
				void s1(String message) {
					handled("s1");
				}

				@StreamListener(id = "s2", stream = "${test.prefix}s2", group = "g", start = "earliest")
				void s2(String message) {
					handled("s2");
				}

				@StreamListener(id = "s3", stream = "${test.prefix}s3", group = "g", start = "earliest")
				void s3(String message) {
					handled("s3");
				}

				@StreamListener(id = "s4", stream = "${test.prefix}s4", start = "earliest")
				void s4(String message) {
					handled("s4");
				}

				@QueueListener(id = "q1", queues = "${test.prefix}q1")
				void q1(String message) {
					handled("q1");
				}

				@QueueListener(id = "q2", queues = "${test.prefix}q2")
				void q2(String message) {
					handled("q2");
				}

				@QueueListener(id = "q3", queues = "${test.prefix}q3", mode = "AT_MOST_ONCE")
				void q3(String message) {
					handled("q3");
				}

				@RedisSubscriber(id = "c1", channels = "${test.prefix}c1")
				void c1(String message) {
					handled("c1");
				}

				@RedisSubscriber(id = "c2", channels = "${test.prefix}c2")
				void c2(String message) {
					handled("c2");
				}

				@RedisSubscriber(id = "c3", channels = "${test.prefix}c3")
				void c3(String message) {
					handled("c3");
				}

			};
		}

		private void handled(String listener) {
			this.handledOn.putIfAbsent(listener, Thread.currentThread());
		}

	}

}

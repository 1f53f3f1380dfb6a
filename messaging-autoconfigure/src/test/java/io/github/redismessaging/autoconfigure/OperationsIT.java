package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Behaviour;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.listener.ListenerStatus.State;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.RedisServer;
import io.github.redismessaging.test.RedisTestProperties;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pause and resume, the health indicator and the {@code redismessaging} endpoint.
 */
class OperationsIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void pausedStreamListenerTakesNothingAndResumesWithoutLossOrDuplicates() {
		String stream = "it.ops." + UUID.randomUUID();
		MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=" + stream, "test.group=g")
			.run((context) -> {
				MessageListenerContainer container = context.getBean(RedisListenerRegistry.class).container("text").orElseThrow();
				Processed processed = context.getBean("processed", Processed.class);
				redis.add(stream, "before");
				await().atMost(Duration.ofSeconds(10)).until(() -> processed.deliveries.size() == 1);
				container.pause();
				List<String> ids = IntStream.range(0, 50).mapToObj((i) -> redis.add(stream, "while-paused-" + i)).toList();
				await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
					.until(() -> processed.deliveries.size() == 1);
				assertThat(container.isPaused()).isTrue();
				container.resume();
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(processed.deliveries.keySet()).containsAll(ids).hasSize(51));
				assertThat(processed.deliveries.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
			});
	}

	@Test
	void pausedQueueListenerLeavesItemsInTheQueue() {
		String queue = "it.ops." + UUID.randomUUID();
		MessagingContextRunners.standalone()
			.withUserConfiguration(QueueTestListeners.Text.class)
			.withPropertyValues("test.queues=" + queue)
			.run((context) -> {
				MessageListenerContainer container = context.getBean(RedisListenerRegistry.class).container("jobs").orElseThrow();
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				container.pause();
				List<String> ids = template.enqueueAll(queue, IntStream.range(0, 20).mapToObj((i) -> "job-" + i).toList());
				await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
					.until(() -> template.queueSize(queue) == 20);
				container.resume();
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(processed.deliveries.keySet()).containsExactlyInAnyOrderElementsOf(ids));
			});
	}

	@Test
	void pausedSubscriberIsUnsubscribedUntilResumed() {
		MessagingContextRunners.standalone().withUserConfiguration(PubSubStandaloneIT.PlaceholderListener.class)
			.withPropertyValues("app.channel=it.ops.paused")
			.run((context) -> {
				MessageListenerContainer container = context.getBean(RedisListenerRegistry.class)
					.container("placeholder").orElseThrow();
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				container.pause();
				assertThat(template.publish("it.ops.paused", "lost")).isZero();
				container.resume();
				await().atMost(Duration.ofSeconds(10)).until(() -> template.publish("it.ops.paused", "seen") == 1);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(
						() -> assertThat(context.getBean(Received.class).items()).contains("placeholder seen").doesNotContain("placeholder lost"));
			});
	}

	@Test
	void healthIsDownWhileRedisIsGoneAndUpAgainAfterwards() {
		String stream = "it.ops.health." + UUID.randomUUID();
		try (RedisServer server = RedisServer.builder().start()) {
			MessagingContextRunners.base()
				.withPropertyValues(RedisTestProperties.of(server))
				.withUserConfiguration(StreamTestListeners.Text.class)
				.withPropertyValues("test.stream=" + stream, "test.group=g",
						"redis.messaging.health.failure-threshold=500ms")
				.run((context) -> {
					HealthIndicator health = context.getBean("redisMessagingHealthIndicator", HealthIndicator.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.UP));
					assertThat(health.health().getDetails()).containsKey("listeners");
					server.kill();
					await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
						var down = health.health();
						assertThat(down.getStatus()).isEqualTo(Status.DOWN);
						assertThat(down.getDetails().toString()).contains("text").contains("lastError");
					});
					server.restart();
					await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.UP));
				});
		}
	}

	@Test
	void endpointListsListenersPausesThemAndReplaysDeadLetters() {
		String stream = "it.ops.endpoint." + UUID.randomUUID();
		MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("management.endpoints.web.exposure.include=redismessaging",
					"management.endpoints.jmx.exposure.include=redismessaging", "spring.jmx.enabled=true")
			.withPropertyValues("test.stream=" + stream, "test.group=g", "redis.messaging.listeners.text.max-deliveries=1",
					"redis.messaging.listeners.text.claim-min-idle=100ms",
					"redis.messaging.listeners.text.claim-interval=100ms")
			.run((context) -> {
				RedisMessagingEndpoint endpoint = context.getBean(RedisMessagingEndpoint.class);
				redis.add(stream, "fine");
				redis.add(stream, "poison-x");
				await().atMost(Duration.ofSeconds(10)).until(() -> redis.commands().xlen("{" + stream + "}:dlq") == 1);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					@SuppressWarnings("unchecked")
					Map<String, Object> text = (Map<String, Object>) ((Map<String, Object>) endpoint.listeners()
						.get("listeners")).get("text");
					assertThat(text).containsEntry("state", State.RUNNING)
						.containsEntry("processed", 1L)
						.containsEntry("deadLettered", 1L)
						.containsEntry("deadLetters", 1L);
				});
				assertThat(endpoint.control("text", "pause")).asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("state", State.PAUSED);
				assertThat(endpoint.control("text", "resume")).asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("state", State.RUNNING);
				assertThat(endpoint.read("text", "dead-letters", 10, null, null, null, null))
					.asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsOnlyKeys(stream);
				context.getBean(Behaviour.class).poisonFails = false;
				assertThat(endpoint.write("text", "dead-letters", 10, null, null, null, null, null, null)).isEqualTo(Map.of("replayed", Map.of(stream, 1)));
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
						context.getBean("processed", Processed.class).payloads.values()).contains("poison-x"));
				assertThat(endpoint.listener("unknown")).isInstanceOfSatisfying(WebEndpointResponse.class,
						(response) -> assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND));
			});
	}

}

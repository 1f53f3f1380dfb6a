package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.autoconfigure.NotRetryableIT.Rejected;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Stream and queue dead letters read back in one shape, through the template and as the actuator endpoint's
 * JSON, with ISO-8601 times; and {@code dlq.at} values written by earlier versions or by hand.
 */
class DeadLetterIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	private static final String CANNOT_HANDLE_POISON = "java.lang.IllegalStateException: cannot handle poison";

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void streamAndQueueDeadLettersHaveOneShapeInTheTemplateAndTheEndpoint() {
		String stream = "it.deadletter." + UUID.randomUUID();
		String queue = "it.deadletter." + UUID.randomUUID();
		MessagingContextRunners.standalone()
			.withConfiguration(AutoConfigurations.of(JacksonEndpointAutoConfiguration.class))
			.withUserConfiguration(FailingListeners.class)
			.withPropertyValues("management.endpoints.web.exposure.include=redismessaging", "test.stream=" + stream,
					"test.queue=" + queue, "redis.messaging.listeners.failingStream.max-deliveries=1",
					"redis.messaging.listeners.failingStream.claim-min-idle=100ms",
					"redis.messaging.listeners.failingStream.claim-interval=100ms",
					"redis.messaging.listeners.failingStream.not-retryable=" + Rejected.class.getName(),
					"redis.messaging.listeners.failingQueue.max-attempts=1")
			.run((context) -> {
				Instant start = Instant.now();
				String claimed = redis.commands().xadd(stream, Map.of("payload", "poison", "h.trace", "t-1"));
				String rejected = redis.add(stream, "reject");
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				String item = template.enqueue(queue, "poison", Map.of("trace", "t-2"));
				await().atMost(Duration.ofSeconds(20)).until(() -> template.deadLetters(stream, 10).size() == 2
						&& template.queueDeadLetters(queue, 10).size() == 1);

				List<DeadLetter> streamDeadLetters = template.deadLetters(stream, 10);
				DeadLetter queueDeadLetter = template.queueDeadLetters(queue, 10).get(0);
				assertThat(streamDeadLetters).extracting(DeadLetter::kind, DeadLetter::sourceId, DeadLetter::reason,
						DeadLetter::deliveries, DeadLetter::listener, DeadLetter::payload)
					.containsExactlyInAnyOrder(
							tuple("stream", claimed, DeadLetterFields.REASON_MAX_DELIVERIES, 1L, "failingStream", "poison"),
							tuple("stream", rejected, DeadLetterFields.REASON_NOT_RETRYABLE, 1L, "failingStream", "reject"));
				assertThat(streamDeadLetters).filteredOn((deadLetter) -> claimed.equals(deadLetter.sourceId()))
					.singleElement()
					.satisfies((deadLetter) -> {
						assertThat(deadLetter.fields()).isEqualTo(Map.of("h.trace", "t-1"));
						assertThat(deadLetter.exception()).isEqualTo(CANNOT_HANDLE_POISON);
					});
				assertThat(queueDeadLetter).satisfies((deadLetter) -> {
					assertThat(deadLetter.kind()).isEqualTo("queue");
					assertThat(deadLetter.id()).isEqualTo(item);
					assertThat(deadLetter.sourceId()).isEqualTo(item);
					assertThat(deadLetter.reason()).isEqualTo(DeadLetterFields.REASON_MAX_ATTEMPTS);
					assertThat(deadLetter.deliveries()).isEqualTo(1);
					assertThat(deadLetter.listener()).isEqualTo("failingQueue");
					assertThat(deadLetter.exception()).isEqualTo(CANNOT_HANDLE_POISON);
					assertThat(deadLetter.payload()).isEqualTo("poison");
					assertThat(deadLetter.fields()).isEqualTo(Map.of("trace", "t-2"));
					assertThat(deadLetter.rawBase64()).isNull();
				});
				List<DeadLetter> all = new ArrayList<>(streamDeadLetters);
				all.add(queueDeadLetter);
				assertThat(all).allSatisfy((deadLetter) -> assertThat(deadLetter.at()).isBetween(start.minusSeconds(1),
						Instant.now()));

				RedisMessagingEndpoint endpoint = context.getBean(RedisMessagingEndpoint.class);
				Object streamPage = endpoint.read("failingStream", "dead-letters", 10, null, null, null, null);
				Object queuePage = endpoint.read("failingQueue", "dead-letters", 10, null, null, null, null);
				assertThat(streamPage).isEqualTo(Map.of(stream, streamDeadLetters));
				assertThat(queuePage).isEqualTo(Map.of(queue, List.of(queueDeadLetter)));

				EndpointJsonMapper json = context.getBean(EndpointJsonMapper.class);
				List<JsonNode> shown = new ArrayList<>();
				json.get().valueToTree(streamPage).get(stream).forEach(shown::add);
				json.get().valueToTree(queuePage).get(queue).forEach(shown::add);
				// The endpoint leaves out what is null: here rawBase64, which only unreadable queue items have.
				assertThat(shown).hasSize(3).allSatisfy((node) -> {
					assertThat(node.propertyNames()).containsExactlyInAnyOrder("kind", "id", "sourceId", "reason",
							"exception", "deliveries", "listener", "at", "payload", "fields");
					Instant at = Instant.parse(node.get("at").asString());
					assertThat(at).isAfter(Instant.now().minus(Duration.ofMinutes(1)));
				});
				assertThat(shown).extracting((node) -> node.get("kind").asString())
					.containsExactlyInAnyOrder("stream", "stream", "queue");
			});
	}

	@Test
	void deadLetterTimesOfEarlierVersionsAreReadAndUnreadableOnesAreNull() {
		String stream = "it.deadletter.legacy." + UUID.randomUUID();
		String queue = "it.deadletter.legacy." + UUID.randomUUID();
		// XADD {s}:dlq * payload old dlq.at 1700000000000 …: stream dead letters as earlier versions wrote them.
		redis.commands().xadd("{" + stream + "}:dlq", Map.of("payload", "old", DeadLetterFields.REASON,
				DeadLetterFields.REASON_MAX_DELIVERIES, DeadLetterFields.DELIVERIES, "5", DeadLetterFields.AT,
				"1700000000000"));
		redis.commands().xadd("{" + stream + "}:dlq", Map.of("payload", "odd", DeadLetterFields.DELIVERIES, "many",
				DeadLetterFields.AT, "yesterday"));
		redis.commands().lpush("{" + queue + "}:dlq", queueItem("old", DeadLetterFields.AT, "1700000000000"),
				queueItem("odd", DeadLetterFields.AT, "2024-13-45T99:00:00Z", DeadLetterFields.DELIVERIES, "-3",
						DeadLetterFields.RAW_BASE64, "/w=="));
		MessagingContextRunners.standalone().run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			Instant then = Instant.ofEpochMilli(1_700_000_000_000L);
			assertThat(template.deadLetters(stream, 10))
				.extracting(DeadLetter::payload, DeadLetter::at, DeadLetter::deliveries)
				.containsExactly(tuple("old", then, 5L), tuple("odd", null, 0L));
			assertThat(template.queueDeadLetters(queue, 10))
				.extracting(DeadLetter::id, DeadLetter::at, DeadLetter::deliveries, DeadLetter::rawBase64)
				.containsExactly(tuple("old", then, 0L, null), tuple("odd", null, 0L, "/w=="));
		});
	}

	/** {@code {"id":"<id>","payload":"<id>","headers":{...}}} with string headers, as {@code LPUSH} would add it. */
	private static String queueItem(String id, String... headers) {
		StringBuilder json = new StringBuilder("{\"id\":\"" + id + "\",\"payload\":\"" + id + "\",\"headers\":{");
		for (int i = 0; i < headers.length; i += 2) {
			json.append((i > 0) ? "," : "").append('"').append(headers[i]).append("\":\"").append(headers[i + 1])
				.append('"');
		}
		return json.append("}}").toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingListeners {

		@Bean
		FailingListener failingListener() {
			return new FailingListener();
		}

	}

	static class FailingListener {

		@StreamListener(id = "failingStream", stream = "${test.stream}", group = "g", start = "earliest")
		void onEntry(String payload) {
			fail(payload);
		}

		@QueueListener(id = "failingQueue", queue = "${test.queue}")
		void onItem(String payload) {
			fail(payload);
		}

		private static void fail(String payload) {
			if (payload.equals("reject")) {
				throw new Rejected(payload);
			}
			throw new IllegalStateException("cannot handle " + payload);
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.models.stream.PendingMessage;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Behaviour;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.EmbeddedRedis;
import io.github.redismessaging.test.SharedRedis;

import static io.github.redismessaging.autoconfigure.EndpointTestSupport.badRequest;
import static io.github.redismessaging.autoconfigure.EndpointTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The {@code redismessaging} endpoint and the health of a partitioned stream listener over real HTTP against a real
 * Redis, with a key prefix (a partition's key has it inside its braces): the listener's view has the partition table
 * with the owners Redis holds; {@code partition} narrows a section to one partition's key, compared with XPENDING
 * and XRANGE of that key, and without it the sections cover the logical stream with {@code <partition>:<entry id>}
 * ids; a bad {@code partition} or id is a 400 with a one-line reason that logs nothing; the health shows the
 * partitions owned out of all, and names the partitions no instance took for two lease periods while staying UP.
 */
@SpringBootTest(classes = RedisMessagingEndpointPartitionsIT.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=redismessaging",
				"spring.web.error.include-message=always", "spring.data.redis.timeout=2s",
				"redis.messaging.key-prefix=it:", "redis.messaging.listeners.orders.partition-lease=1500ms",
				"redis.messaging.listeners.orders.block=200ms",
				// pending recovery must not claim the entries the tests keep pending
				"redis.messaging.listeners.orders.claim-min-idle=10m" })
@EmbeddedRedis
@ExtendWith(OutputCaptureExtension.class)
class RedisMessagingEndpointPartitionsIT {

	private static final String STREAM = "ep.parts." + UUID.randomUUID();

	private static final StreamPartitions PARTITIONS = StreamPartitions.of(new KeyNames("it:"), STREAM, 4);

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@LocalServerPort
	int port;

	private EndpointTestSupport.Client client;

	@Autowired
	Behaviour behaviour;

	@Autowired
	RedisMessagingTemplate template;

	@Autowired
	@Qualifier("redisMessagingHealthIndicator")
	HealthIndicator health;

	@DynamicPropertySource
	static void names(DynamicPropertyRegistry registry) {
		registry.add("test.stream", () -> STREAM);
		registry.add("test.plain", () -> "ep.parts.plain." + UUID.randomUUID());
	}

	@AfterAll
	static void close() {
		redis.close();
	}

	@BeforeEach
	void openClient() {
		this.client = new EndpointTestSupport.Client(this.port);
	}

	@Test
	void theViewHasThePartitionTableWithTheOwnersAndTheHealthOwnedOfAll() throws Exception {
		JsonNode orders = awaitAllOwned();
		String member = orders.get("member").asString();
		assertThat(orders.get("partitions").asInt()).isEqualTo(4);
		assertThat(orders.get("partitionDetails")).extracting((row) -> row.get("partition").asInt(),
				(row) -> row.get("key").asString(), (row) -> row.get("owner").asString(),
				(row) -> row.get("ownedHere").asBoolean())
			.containsExactly(tuple(0, PARTITIONS.keys().get(0), member, true),
					tuple(1, PARTITIONS.keys().get(1), member, true), tuple(2, PARTITIONS.keys().get(2), member, true),
					tuple(3, PARTITIONS.keys().get(3), member, true));
		for (String key : PARTITIONS.keys()) {
			assertThat(redis.commands().get(key + ":owner:g")).isEqualTo(member);
		}
		assertThat(orders.get("partitionDetails")).allSatisfy((row) -> {
			assertThat(row.get("pending").isIntegralNumber()).isTrue();
			assertThat(row.get("lag").isIntegralNumber()).isTrue();
			assertThat(row.get("deadLetters").isIntegralNumber()).isTrue();
		});

		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(listenerHealth(health)).containsEntry("partitionsOwned", "4/4")
			.containsEntry("partitions", 4)
			.doesNotContainKeys("partitionDetails", "unownedPartitions");
	}

	@Test
	void aPartitionsSectionsAreThoseOfItsKeyAndTheLogicalStreamsCarryPartitionedIds() throws Exception {
		awaitAllOwned();
		List<String> keys = keysInTwoPartitions();
		int first = PARTITIONS.partitionOf(keys.get(0));
		int second = PARTITIONS.partitionOf(keys.get(1));
		String firstKey = PARTITIONS.keys().get(first);
		String secondKey = PARTITIONS.keys().get(second);
		try {
			String blocked = this.template.appendKeyed(STREAM, keys.get(0), "block-first");
			String other = this.template.appendKeyed(STREAM, keys.get(1), "block-second");
			await().atMost(WAIT).until(() -> xpending(firstKey).size() == 1 && xpending(secondKey).size() == 1);

			assertThat(ok(this.client.get("/orders/pending?partition=" + first)).get(firstKey))
				.extracting((entry) -> entry.get("id").asString(), (entry) -> entry.get("consumer").asString())
				.containsExactly(tuple(blocked, xpending(firstKey).get(0).getConsumer()));
			assertThat(ok(this.client.get("/orders/pending?partition=" + encode(secondKey))).get(secondKey))
				.extracting((entry) -> entry.get("id").asString())
				.containsExactly(other);
			assertThat(ok(this.client.get("/orders/pending")).get(STREAM))
				.extracting((entry) -> entry.get("id").asString())
				.containsExactlyInAnyOrder(first + ":" + blocked, second + ":" + other);
			assertThat(ok(this.client.get("/orders/entries?partition=" + first + "&entry=" + blocked)).get(firstKey))
				.singleElement()
				.satisfies((entry) -> assertThat(entry.get("payload").asString()).isEqualTo("block-first"));
			// ids are per partition: the same id may exist in the second partition (appended in the same
			// millisecond), but a look-up there never returns the first partition's entry
			assertThat(ok(this.client.get("/orders/entries?partition=" + second + "&entry=" + blocked)).get(secondKey))
				.allSatisfy((entry) -> assertThat(entry.get("payload").asString()).isEqualTo("block-second"));

			JsonNode claimed = ok(this.client.post("/orders/pending", "{\"action\":\"claim\",\"consumer\":\"operator\","
					+ "\"minIdle\":0,\"ids\":[\"" + blocked + "\"],\"partition\":" + first + "}"));
			assertThat(claimed.get("claimed").get(firstKey)).extracting(JsonNode::asString).containsExactly(blocked);
			assertThat(xpending(firstKey)).extracting(PendingMessage::getConsumer).containsExactly("operator");

			JsonNode deadLettered = ok(this.client.post("/orders/pending",
					"{\"action\":\"dead-letter\",\"ids\":[\"" + second + ":" + other + "\"]}"));
			assertThat(deadLettered.get("deadLettered").get(STREAM).asInt()).isOne();
			assertThat(xpending(secondKey)).isEmpty();
			List<StreamMessage<String, String>> letters = redis.all(secondKey + ":dlq");
			assertThat(letters).singleElement()
				.satisfies((letter) -> assertThat(letter.getBody()).containsEntry(DeadLetterFields.SOURCE_ID, other)
					.containsEntry(DeadLetterFields.REASON, DeadLetterFields.REASON_OPERATOR));
			String letter = letters.get(0).getId();

			assertThat(ok(this.client.get("/orders/dead-letters?partition=" + second)).get(secondKey))
				.extracting((entry) -> entry.get("id").asString())
				.containsExactly(letter);
			assertThat(ok(this.client.get("/orders/dead-letters?partition=" + first)).get(firstKey)).isEmpty();
			assertThat(ok(this.client.get("/orders/dead-letters")).get(STREAM))
				.extracting((entry) -> entry.get("id").asString())
				.containsExactly(second + ":" + letter);
			assertThat(ok(this.client.get("/orders/dead-letters?entry=" + second + ":" + letter)).get(STREAM))
				.singleElement()
				.satisfies((entry) -> assertThat(entry.get("payload").asString()).isEqualTo("block-second"));
			assertThat(ok(this.client.get("/orders/dead-letters?entry=" + first + ":" + letter)).get(STREAM)).isEmpty();
		}
		finally {
			this.behaviour.release.countDown();
		}
	}

	@Test
	void aBadPartitionOrIdIsA400WithItsReasonAndIsNotLogged(CapturedOutput output) throws Exception {
		awaitAllOwned();
		int start = output.length();
		String stream = "'" + STREAM + "'";
		String notAPartition = " is not a partition of stream " + stream + ": give its number, 0 to 3, or its key, "
				+ "such as '" + PARTITIONS.keys().get(0) + "'";
		String notAnId = " is not an id of partitioned stream " + stream
				+ " such as 3:1700000000000-0 (partition 0 to 3); or pass partition with its entry id";

		List<String> reasons = List.of(badRequest(this.client.get("/orders/pending?partition=4")),
				badRequest(this.client.get("/orders/pending?partition=-1")),
				badRequest(this.client.get("/orders/entries?partition=" + encode("{it:other/1}"))),
				badRequest(this.client.post("/orders/pending",
						"{\"action\":\"dead-letter\",\"ids\":[\"1-0\"],\"partition\":\"first\"}")),
				badRequest(this.client.get("/plain/pending?partition=0")),
				badRequest(this.client.post("/orders/pending", "{\"action\":\"dead-letter\",\"ids\":[\"1-0\"]}")),
				badRequest(this.client.post("/orders/dead-letters", "{\"ids\":\"4:1-0\"}")),
				badRequest(this.client.get("/orders/dead-letters?entry=1-0")),
				badRequest(this.client.get("/orders/dead-letters?after=2:garbage")),
				badRequest(this.client.get("/orders/entries?entry=1-0")),
				badRequest(this.client.post("/orders/pending",
						"{\"action\":\"dead-letter\",\"ids\":[\"1:1-0\"],\"partition\":\"1\"}")));

		assertThat(reasons).containsExactly("partition: '4'" + notAPartition, "partition: '-1'" + notAPartition,
				"partition: '{it:other/1}'" + notAPartition, "partition: 'first'" + notAPartition,
				"partition: listener 'plain' does not read a partitioned stream", "ids: '1-0'" + notAnId,
				"ids: '4:1-0'" + notAnId, "entry: '1-0'" + notAnId, "after: '2:garbage'" + notAnId,
				"entry: entry ids are per partition of a partitioned stream; pass partition too",
				"ids: '1:1-0' is not a stream entry id such as 1700000000000-0");
		assertThat(output.toString().substring(start)).as("logged while answering bad requests").isEmpty();
	}

	@Test
	void theHealthNamesPartitionsNoInstanceTookForTwoLeasesAndStaysUp() {
		awaitAllOwned();
		String members = "{it:" + STREAM + "}:members:g";
		try {
			// a member that says it is alive and takes nothing, as an instance that is still starting
			await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				List<String> time = redis.commands().time();
				redis.commands()
					.zadd(members, Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000,
							"ghost@00000000");
				Health health = this.health.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(listenerHealth(health)).containsEntry("partitionsOwned", "2/4")
					.extractingByKey("unownedPartitions")
					.asInstanceOf(InstanceOfAssertFactories.MAP)
					.hasSize(2);
			});
		}
		finally {
			redis.commands().zrem(members, "ghost@00000000");
		}
		await().atMost(WAIT).untilAsserted(() -> assertThat(listenerHealth(this.health.health()))
			.containsEntry("partitionsOwned", "4/4")
			.doesNotContainKey("unownedPartitions"));
	}

	/** The view of the partitioned listener once it owns every partition. */
	private JsonNode awaitAllOwned() {
		AtomicReference<JsonNode> view = new AtomicReference<>();
		await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			JsonNode orders = ok(this.client.get("/orders"));
			String member = orders.get("member").asString();
			assertThat(orders.get("owned").asInt()).isEqualTo(4);
			assertThat(orders.get("partitionDetails")).hasSize(4)
				.allSatisfy((row) -> assertThat(row.get("owner").asString()).isEqualTo(member));
			view.set(orders);
		});
		return view.get();
	}

	/** Two record keys that go to different partitions. */
	private static List<String> keysInTwoPartitions() {
		for (int i = 1;; i++) {
			if (PARTITIONS.partitionOf("key-" + i) != PARTITIONS.partitionOf("key-0")) {
				return List.of("key-0", "key-" + i);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> listenerHealth(Health health) {
		return ((Map<String, Map<String, Object>>) health.getDetails().get("listeners")).get("orders");
	}

	private static List<PendingMessage> xpending(String key) {
		return redis.commands().xpending(key, "g", Range.create("-", "+"), Limit.from(20));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * An application with every auto-configuration on the test class path, the {@link Listeners} and the tests'
	 * bounded shutdown of Lettuce.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(EndpointTestSupport.Beans.class)
	static class App {

		@Bean
		Behaviour behaviour() {
			return new Behaviour();
		}

		@Bean
		Listeners listeners(Behaviour behaviour) {
			return new Listeners(behaviour);
		}

	}

	/**
	 * A listener of the stream in 4 partitions, group {@code g}, that blocks on payloads starting with {@code block}
	 * until its {@link Behaviour} is released; and a listener of a plain stream.
	 */
	static class Listeners {

		private final Behaviour behaviour;

		Listeners(Behaviour behaviour) {
			this.behaviour = behaviour;
		}

		@StreamListener(id = "orders", stream = "${test.stream}", group = "g", partitions = "4", start = "earliest")
		void order(String payload) throws InterruptedException {
			this.behaviour.apply(payload);
		}

		@StreamListener(id = "plain", stream = "${test.plain}", group = "g")
		void plain(String payload) {
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.models.stream.PendingMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
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

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Behaviour;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.EmbeddedRedis;
import io.github.redismessaging.test.SharedRedis;

import static io.github.redismessaging.autoconfigure.EndpointTestSupport.badRequest;
import static io.github.redismessaging.autoconfigure.EndpointTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The sections of the {@code redismessaging} endpoint over real HTTP against a real Redis, each compared by id with
 * what plain commands show: a group's pending entries with XPENDING, also after an operator claimed or
 * dead-lettered some; a stream's and a queue's dead letters, found, deleted and replayed, with XRANGE and LRANGE; a
 * stream's entries and info with XREVRANGE, XRANGE, XLEN and XINFO; a queue's items, delayed items and leases with
 * LRANGE and ZRANGE. Bad input for the sections is a 400 with a one-line reason that logs nothing, and the listing
 * has each listener's counts and rate history.
 */
@SpringBootTest(classes = RedisMessagingEndpointSectionsIT.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=redismessaging",
				"spring.web.error.include-message=always", "spring.data.redis.timeout=2s",
				// pending recovery must not claim the entry the test makes idle
				"redis.messaging.listeners.orders.claim-min-idle=10m" })
@EmbeddedRedis
@ExtendWith(OutputCaptureExtension.class)
class RedisMessagingEndpointSectionsIT {

	private static final String STREAM = "it.endpoint.sections.orders." + UUID.randomUUID();

	private static final String QUEUE = "it.endpoint.sections.jobs." + UUID.randomUUID();

	private static final String BACKLOG = "it.endpoint.sections.backlog." + UUID.randomUUID();

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	private static final JsonMapper json = JsonMapper.shared();

	@LocalServerPort
	int port;

	private EndpointTestSupport.Client client;

	@Autowired
	Listeners listeners;

	@Autowired
	RedisMessagingTemplate template;

	@Autowired
	ListenerActivityHistory history;

	@DynamicPropertySource
	static void names(DynamicPropertyRegistry registry) {
		registry.add("test.stream", () -> STREAM);
		registry.add("test.queue", () -> QUEUE);
		registry.add("test.backlog", () -> BACKLOG);
	}

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void pendingIsWhatXpendingShowsAndAClaimOrDeadLetterTakesExactlyTheGivenEntries() throws Exception {
		Behaviour behaviour = this.listeners.orders;
		try {
			String consumer = listing().get("orders").get("consumer").asString();
			String blocked = this.template.append(STREAM, "block-1");
			String first = this.template.append(STREAM, "pending-1");
			String second = this.template.append(STREAM, "pending-2");
			await().atMost(WAIT).until(() -> owners().keySet().equals(Set.of(blocked, first, second)));

			List<PendingMessage> xpending = xpending();
			JsonNode pending = ok(client().get("/orders/pending")).get(STREAM);
			assertThat(pending).extracting((entry) -> entry.get("id").asString(),
					(entry) -> entry.get("consumer").asString(), (entry) -> entry.get("deliveries").asLong())
				.containsExactlyElementsOf(xpending.stream()
					.map((message) -> tuple(message.getId(), message.getConsumer(), message.getRedeliveryCount()))
					.toList())
				.containsExactly(tuple(blocked, consumer, 1L), tuple(first, consumer, 1L), tuple(second, consumer, 1L));

			JsonNode notIdle = ok(client().post("/orders/pending",
					"{\"action\":\"claim\",\"consumer\":\"operator\",\"minIdle\":60000,\"ids\":[\"" + first + "\"]}"));
			assertThat(notIdle.get("claimed").get(STREAM)).isEmpty();
			assertThat(owners()).containsExactly(entry(blocked, consumer), entry(first, consumer),
					entry(second, consumer));

			redis.commands()
				.xclaim(STREAM, Consumer.from("g", consumer), XClaimArgs.Builder.justid().idle(60_000), first);
			JsonNode claimed = ok(client().post("/orders/pending", "{\"action\":\"claim\",\"consumer\":\"operator\","
					+ "\"minIdle\":30000,\"ids\":[\"" + first + "\",\"" + second + "\"]}"));
			assertThat(claimed.get("claimed").get(STREAM)).extracting(JsonNode::asString).containsExactly(first);
			assertThat(owners()).containsExactly(entry(blocked, consumer), entry(first, "operator"),
					entry(second, consumer));

			JsonNode deadLettered = ok(
					client().post("/orders/pending", "{\"action\":\"dead-letter\",\"ids\":[\"" + second + "\"]}"));
			assertThat(deadLettered.get("deadLettered").get(STREAM).asInt()).isOne();
			assertThat(owners()).containsExactly(entry(blocked, consumer), entry(first, "operator"));
			assertThat(redis.all(deadLetterStream()))
				.filteredOn((letter) -> second.equals(letter.getBody().get(DeadLetterFields.SOURCE_ID)))
				.singleElement()
				.satisfies((letter) -> assertThat(letter.getBody())
					.containsEntry(DeadLetterFields.REASON, DeadLetterFields.REASON_OPERATOR)
					.containsEntry("payload", "pending-2"));

			assertInfoIsWhatXinfoShows(consumer, second);
		}
		finally {
			behaviour.release.countDown();
		}
	}

	/**
	 * The info of the stream, with {@code block-1} and {@code pending-1} pending (one with the listener's consumer,
	 * one with {@code operator}) and {@code last} its newest entry.
	 */
	private void assertInfoIsWhatXinfoShows(String consumer, String last) throws Exception {
		Map<String, Object> stream = fields(redis.commands().xinfoStream(STREAM));
		Map<String, Map<String, Object>> groups = byName(redis.commands().xinfoGroups(STREAM));
		Map<String, Map<String, Object>> consumers = byName(redis.commands().xinfoConsumers(STREAM, "g"));
		JsonNode info = ok(client().get("/orders/info")).get(STREAM);

		assertThat(info.get("length").asLong()).isEqualTo(redis.commands().xlen(STREAM))
			.isEqualTo(stream.get("length"));
		assertThat(info.get("firstEntryId").asString()).isEqualTo(((List<?>) stream.get("first-entry")).get(0));
		assertThat(info.get("lastEntryId").asString()).isEqualTo(((List<?>) stream.get("last-entry")).get(0))
			.isEqualTo(last);
		assertThat(info.get("groups")).extracting((group) -> group.get("name").asString(),
				(group) -> group.get("pending").asLong(), (group) -> group.get("lastDeliveredId").asString())
			.containsExactlyElementsOf(groups.values()
				.stream()
				.map((group) -> tuple(group.get("name"), group.get("pending"), group.get("last-delivered-id")))
				.toList())
			.containsExactly(tuple("g", 2L, last));
		assertThat(info.get("groups").get(0).get("consumers"))
			.extracting((member) -> member.get("name").asString(), (member) -> member.get("pending").asLong())
			.containsExactlyElementsOf(consumers.values()
				.stream()
				.map((member) -> tuple(member.get("name"), member.get("pending")))
				.toList())
			.containsExactlyInAnyOrder(tuple(consumer, 1L), tuple("operator", 1L));
	}

	@Test
	void streamDeadLettersAreFoundDeletedAndReplayedExactlyAsXrangeShows() throws Exception {
		List<String> ids = List.of(streamDeadLetter("dead-0"), streamDeadLetter("dead-1"), streamDeadLetter("dead-2"));

		assertThat(ok(client().get("/orders/dead-letters?entry=" + ids.get(1))).get(STREAM)).singleElement()
			.satisfies((letter) -> {
				assertThat(letter.get("id").asString()).isEqualTo(ids.get(1));
				assertThat(letter.get("payload").asString()).isEqualTo("dead-1");
			});
		assertThat(ok(client().get("/orders/dead-letters?entry=1-0")).get(STREAM)).isEmpty();

		JsonNode deleted = ok(delete("/orders/dead-letters?ids=" + ids.get(0) + "," + ids.get(2)));
		assertThat(deleted.get("deleted").get(STREAM).asInt()).isEqualTo(2);
		assertThat(redis.all(deadLetterStream())).extracting(StreamMessage::getId)
			.contains(ids.get(1))
			.doesNotContain(ids.get(0), ids.get(2));

		List<String> kept = redis.all(deadLetterStream())
			.stream()
			.map((letter) -> letter.getBody().get("payload"))
			.toList();
		Set<String> before = new HashSet<>(redis.all(STREAM).stream().map(StreamMessage::getId).toList());
		JsonNode replayed = ok(client().post("/orders/dead-letters", "{\"all\":true}"));
		assertThat(replayed.get("replayed").get(STREAM).asInt()).isEqualTo(kept.size());
		assertThat(redis.all(deadLetterStream())).isEmpty();
		assertThat(redis.all(STREAM)).filteredOn((entry) -> !before.contains(entry.getId()))
			.extracting((entry) -> entry.getBody().get("payload"))
			.containsExactlyElementsOf(kept)
			.contains("dead-1");
	}

	@Test
	void queueDeadLettersAreFoundDeletedAndReplayedExactlyAsLrangeShows() throws Exception {
		String deadLetters = "{" + QUEUE + "}:dlq";
		redis.commands()
			.lpush(deadLetters, queueDeadLetter("job-1"), queueDeadLetter("job-2"), queueDeadLetter("job-3"));

		assertThat(ok(client().get("/jobs/dead-letters?entry=job-2")).get(QUEUE)).singleElement()
			.satisfies((letter) -> assertThat(letter.get("id").asString()).isEqualTo("job-2"));
		assertThat(ok(client().get("/jobs/dead-letters?entry=job-9")).get(QUEUE)).isEmpty();

		JsonNode deleted = ok(delete("/jobs/dead-letters?ids=job-1,job-3"));
		assertThat(deleted.get("deleted").get(QUEUE).asInt()).isEqualTo(2);
		assertThat(redis.commands().lrange(deadLetters, 0, -1)).extracting((stored) -> envelope(stored).get("id")
			.asString()).containsExactly("job-2");

		JsonNode replayed = ok(client().post("/jobs/dead-letters", "{\"all\":true}"));
		assertThat(replayed.get("replayed").get(QUEUE).asInt()).isOne();
		assertThat(redis.commands().lrange(deadLetters, 0, -1)).isEmpty();
		await().atMost(WAIT).until(() -> this.listeners.jobPayloads.contains("job-2"));
		assertThat(this.listeners.jobPayloads).doesNotContain("job-1", "job-3");
	}

	@Test
	void entriesAreWhatXrevrangeShowsLatestFirstOrOneById() throws Exception {
		List<String> ids = List.of(this.template.append(STREAM, "entry-0"), this.template.append(STREAM, "entry-1"),
				this.template.append(STREAM, "entry-2"));

		List<String> latest = redis.commands()
			.xrevrange(STREAM, Range.create("-", "+"), Limit.from(3))
			.stream()
			.map(StreamMessage::getId)
			.toList();
		assertThat(ok(client().get("/orders/entries?count=3")).get(STREAM)).extracting((entry) -> entry.get("id").asString())
			.containsExactlyElementsOf(latest)
			.containsExactly(ids.get(2), ids.get(1), ids.get(0));

		StreamMessage<String, String> stored = redis.commands()
			.xrange(STREAM, Range.create(ids.get(1), ids.get(1)))
			.get(0);
		assertThat(ok(client().get("/orders/entries?entry=" + ids.get(1))).get(STREAM)).singleElement().satisfies((entry) -> {
			assertThat(entry.get("id").asString()).isEqualTo(stored.getId());
			assertThat(entry.get("payload").asString()).isEqualTo(stored.getBody().get("payload")).isEqualTo("entry-1");
		});
		assertThat(ok(client().get("/orders/entries?entry=1-0")).get(STREAM)).isEmpty();
	}

	@Test
	void queueItemsAndDelayedItemsAreWhatLrangeAndZrangeShow() throws Exception {
		this.template.enqueueAll(BACKLOG, List.of("first", "second", "third"));
		Instant due = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
		String later = this.template.enqueueDelayed(BACKLOG, "later", due);

		// taken from the right end
		List<String> next = new ArrayList<>(redis.commands()
			.lrange(BACKLOG, 0, -1)
			.stream()
			.map((stored) -> envelope(stored).get("payload").asString())
			.toList());
		Collections.reverse(next);
		assertThat(ok(client().get("/backlog/items")).get(BACKLOG))
			.extracting((item) -> item.get("position").asInt(), (item) -> item.get("payload").asString())
			.containsExactly(tuple(1, next.get(0)), tuple(2, next.get(1)), tuple(3, next.get(2)))
			.containsExactly(tuple(1, "first"), tuple(2, "second"), tuple(3, "third"));

		List<ScoredValue<String>> stored = redis.commands().zrangeWithScores("{" + BACKLOG + "}:delayed", 0, -1);
		assertThat(stored).hasSize(1);
		assertThat(ok(client().get("/backlog/delayed")).get(BACKLOG)).singleElement().satisfies((item) -> {
			assertThat(item.get("id").asString()).isEqualTo(envelope(stored.get(0).getValue()).get("id").asString())
				.isEqualTo(later);
			assertThat(Instant.parse(item.get("due").asString()))
				.isEqualTo(Instant.ofEpochMilli((long) stored.get(0).getScore()))
				.isEqualTo(due);
			assertThat(item.get("payload").asString()).isEqualTo("later");
		});
	}

	@Test
	void aBlockedQueueListenerHoldsTheLeaseZrangeShows() throws Exception {
		Behaviour behaviour = this.listeners.jobs;
		String leases = "{" + QUEUE + "}:leases";
		try {
			String consumer = listing().get("jobs").get("consumer").asString();
			this.template.enqueue(QUEUE, "block-job");
			await().atMost(WAIT).until(() -> {
				List<String> takes = redis.commands().zrange(leases, 0, -1);
				return takes.size() == 1 && redis.commands()
					.lrange("{" + QUEUE + "}:take:" + takes.get(0), 0, -1)
					.stream()
					.anyMatch((stored) -> "block-job".equals(envelope(stored).get("payload").asString()));
			});

			List<ScoredValue<String>> before = redis.commands().zrangeWithScores(leases, 0, -1);
			JsonNode shown = ok(client().get("/jobs/leases")).get(QUEUE);
			List<ScoredValue<String>> after = redis.commands().zrangeWithScores(leases, 0, -1);
			assertThat(before).hasSize(1);
			assertThat(shown).singleElement().satisfies((lease) -> {
				String takeId = lease.get("takeId").asString();
				assertThat(takeId).isEqualTo(before.get(0).getValue()).startsWith(consumer + ":");
				assertThat(lease.get("holder").asString()).isEqualTo(consumer);
				assertThat(Instant.parse(lease.get("deadline").asString()).toEpochMilli())
					.isBetween((long) before.get(0).getScore(), (long) after.get(0).getScore());
				assertThat(lease.get("items").asLong())
					.isEqualTo(redis.commands().llen("{" + QUEUE + "}:take:" + takeId))
					.isOne();
			});
		}
		finally {
			behaviour.release.countDown();
		}
		await().atMost(WAIT).until(() -> redis.commands().zcard(leases) == 0);
		assertThat(ok(client().get("/jobs/leases")).get(QUEUE)).isEmpty();
	}

	@Test
	void badInputForTheSectionsIsA400WithItsReasonAndIsNotLogged(CapturedOutput output) throws Exception {
		String kept = streamDeadLetter("kept");
		String queueDeadLetters = "{" + BACKLOG + "}:dlq";
		redis.commands().lpush(queueDeadLetters, queueDeadLetter("kept"));
		assertThat(client().get("").statusCode()).isEqualTo(200);
		int start = output.length();

		List<String> reasons = List.of(badRequest(client().get("/jobs/pending")), badRequest(client().get("/tail/pending")),
				badRequest(client().post("/tail/pending", "{\"action\":\"dead-letter\",\"ids\":[\"1-0\"]}")),
				badRequest(client().post("/orders/pending", claim(null, "0"))),
				badRequest(client().post("/orders/pending", claim(" ", "0"))),
				badRequest(client().post("/orders/pending", claim("operator", "-1"))),
				badRequest(client().post("/orders/pending", claim("operator", null))),
				badRequest(client().post("/orders/pending", "{\"action\":\"nonsense\",\"ids\":[\"1-0\"]}")),
				badRequest(client().post("/orders/pending", "{\"action\":\"dead-letter\",\"ids\":[\"garbage\"]}")),
				badRequest(client().post("/orders/pending", "{\"action\":\"dead-letter\",\"ids\":[\"1-0\"],\"count\":1}")),
				badRequest(delete("/orders/dead-letters?ids=" + kept + ",garbage")),
				badRequest(delete("/orders/pending?ids=1-0")), badRequest(client().post("/orders/info", "{}")),
				badRequest(client().post("/backlog/items", "{}")),
				badRequest(client().post("/orders/dead-letters", "{\"action\":\"claim\"}")),
				badRequest(client().get("/orders/info?after=1-0")), badRequest(client().get("/orders/info?entry=1-0")),
				badRequest(client().get("/orders/entries?entry=garbage")),
				badRequest(client().get("/backlog/leases?count=0")), badRequest(delete("/backlog/dead-letters?ids=kept,,other")),
				badRequest(delete("/backlog/dead-letters?ids=%20")),
				badRequest(delete("/orders/dead-letters?ids=" + kept + ",")));

		assertThat(reasons).containsExactly(
				"Unknown section 'pending' for queue listener 'jobs': use dead-letters, items, delayed, leases",
				"Stream listener 'tail' reads without a group: it has no pending",
				"Stream listener 'tail' reads without a group: it has no pending",
				"consumer: name the consumer to give the entries to",
				"consumer: name the consumer to give the entries to",
				"minIdle: give how long, in milliseconds (0 or more), an entry must have been idle",
				"minIdle: give how long, in milliseconds (0 or more), an entry must have been idle",
				"Unknown action 'nonsense': use claim or dead-letter",
				"ids: 'garbage' is not a stream entry id such as 1700000000000-0",
				"count and all replay dead letters; pending entries take action and ids",
				"ids: 'garbage' is not a stream entry id such as 1700000000000-0",
				"Unknown action 'delete': use claim or dead-letter", "Section 'info' can only be read",
				"Section 'items' can only be read",
				"Unknown action 'claim' for dead letters: use delete (with ids), or none to replay (with count, all or ids)",
				"after and offset page dead letters, not 'info'",
				"entry finds one dead letter or stream entry, not in 'info'",
				"entry: 'garbage' is not a stream entry id such as 1700000000000-0", "count must be 1 to 1000, was 0",
				"ids: an id is blank", "ids: an id is blank", "ids: an id is blank");
		assertThat(redis.all(deadLetterStream())).extracting(StreamMessage::getId).as("nothing deleted").contains(kept);
		assertThat(redis.commands().lrange(queueDeadLetters, 0, -1)).as("nothing deleted")
			.containsExactly(queueDeadLetter("kept"));
		assertThat(output.toString().substring(start)).as("logged while answering bad requests").isEmpty();
	}

	@Test
	void theListingHasEachListenersCountsAndRateHistory() throws Exception {
		long processed = listing().get("tail").get("processed").asLong();
		// sampled here as well as every 5 s, so that the history holds a rate without waiting for the sampler
		this.history.sample();
		this.template.append(STREAM, "counted");
		await().atMost(WAIT).until(() -> listing().get("tail").get("processed").asLong() > processed);
		this.history.sample();

		JsonNode listing = listing();
		assertThat(listing.propertyNames()).containsExactlyInAnyOrder("orders", "tail", "jobs", "backlog");
		for (JsonNode listener : listing) {
			assertThat(listener.get("processed").isIntegralNumber()).isTrue();
			assertThat(listener.get("failed").isIntegralNumber()).isTrue();
			JsonNode history = listener.get("history");
			assertThat(history.propertyNames()).containsExactlyInAnyOrder("intervalSeconds", "processed", "failed");
			assertThat(history.get("intervalSeconds").asInt()).isEqualTo(5);
			assertThat(history.get("processed").isArray()).isTrue();
			assertThat(history.get("failed").isArray()).isTrue();
			assertThat(history.get("processed")).isNotEmpty()
				.hasSameSizeAs(history.get("failed"))
				.allSatisfy((rate) -> assertThat(rate.isNumber()).isTrue());
			assertThat(history.get("failed")).allSatisfy((rate) -> assertThat(rate.isNumber()).isTrue());
		}
	}

	/** A claim of entry {@code 1-0}, leaving out the consumer or minIdle where {@code null}. */
	private static String claim(@Nullable String consumer, @Nullable String minIdle) {
		return "{\"action\":\"claim\"" + ((consumer != null) ? ",\"consumer\":\"" + consumer + "\"" : "")
				+ ((minIdle != null) ? ",\"minIdle\":" + minIdle : "") + ",\"ids\":[\"1-0\"]}";
	}

	private JsonNode listing() throws Exception {
		return ok(client().get("")).get("listeners");
	}

	/** The pending entries of group {@code g}, by id, with the consumer each is pending with. */
	private static Map<String, String> owners() {
		Map<String, String> owners = new LinkedHashMap<>();
		xpending().forEach((message) -> owners.put(message.getId(), message.getConsumer()));
		return owners;
	}

	private static List<PendingMessage> xpending() {
		return redis.commands().xpending(STREAM, "g", Range.create("-", "+"), Limit.from(20));
	}

	private static String streamDeadLetter(String payload) {
		return redis.commands()
			.xadd(deadLetterStream(), Map.of("payload", payload, DeadLetterFields.REASON,
					DeadLetterFields.REASON_MAX_DELIVERIES, DeadLetterFields.DELIVERIES, "5", DeadLetterFields.LISTENER,
					"orders", DeadLetterFields.SOURCE_ID, "1-0", DeadLetterFields.AT, "2025-06-10T06:13:20.123Z"));
	}

	/** A queue item as the queue listener dead-letters it ({@code LPUSH {queue}:dlq}). */
	private static String queueDeadLetter(String id) {
		return "{\"id\":\"" + id + "\",\"payload\":\"" + id + "\",\"attempts\":3,\"headers\":{\""
				+ DeadLetterFields.REASON + "\":\"" + DeadLetterFields.REASON_MAX_ATTEMPTS + "\",\""
				+ DeadLetterFields.AT + "\":\"2025-06-10T06:13:20.123Z\"}}";
	}

	private static String deadLetterStream() {
		return "{" + STREAM + "}:dlq";
	}

	private static JsonNode envelope(String stored) {
		return json.readTree(stored);
	}

	/** XINFO STREAM as a map. */
	private static Map<String, Object> fields(List<?> flat) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			fields.put((String) flat.get(i), flat.get(i + 1));
		}
		return fields;
	}

	/** XINFO GROUPS or CONSUMERS as maps by name, in the order Redis lists them. */
	private static Map<String, Map<String, Object>> byName(List<Object> reply) {
		Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
		for (Object item : reply) {
			Map<String, Object> fields = fields((List<?>) item);
			byName.put((String) fields.get("name"), fields);
		}
		return byName;
	}

	/**
	 * Deletes dead letters as the console does: a POST of {@code {"action":"delete","ids":"<a>,<b>"}} to the path
	 * before {@code ?ids=}, with the ids after it.
	 */
	private HttpResponse<String> delete(String pathWithIds) throws Exception {
		int query = pathWithIds.indexOf("?ids=");
		String ids = URLDecoder.decode(pathWithIds.substring(query + "?ids=".length()), StandardCharsets.UTF_8);
		return client().post(pathWithIds.substring(0, query),
				json.writeValueAsString(Map.of("action", "delete", "ids", ids)));
	}

	private EndpointTestSupport.Client client() {
		if (this.client == null) {
			this.client = new EndpointTestSupport.Client(this.port);
		}
		return this.client;
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
		Listeners listeners() {
			return new Listeners();
		}

	}

	/**
	 * A stream listener in group {@code g} and a queue listener, each blocking on payloads starting with
	 * {@code block} until its {@link Behaviour} is released (once, by the one test that blocks it); a stream listener
	 * without a group; and a queue listener that is not started, so that its items stay where they are.
	 */
	static class Listeners {

		final Behaviour orders = new Behaviour();

		final Behaviour jobs = new Behaviour();

		final List<String> jobPayloads = new CopyOnWriteArrayList<>();

		@StreamListener(id = "orders", stream = "${test.stream}", group = "g", start = "earliest")
		void order(String payload) throws InterruptedException {
			this.orders.apply(payload);
		}

		@StreamListener(id = "tail", stream = "${test.stream}", start = "earliest")
		void tail(String payload) {
		}

		@QueueListener(id = "jobs", queue = "${test.queue}")
		void job(String payload) throws InterruptedException {
			this.jobs.apply(payload);
			this.jobPayloads.add(payload);
		}

		@QueueListener(id = "backlog", queue = "${test.backlog}", autoStartup = "false")
		void backlog(String payload) {
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.stream.StreamEntryId;
import io.github.redismessaging.test.EmbeddedRedis;
import io.github.redismessaging.test.SharedRedis;

import static io.github.redismessaging.autoconfigure.EndpointTestSupport.badRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code redismessaging} endpoint over real HTTP, in an application with Boot's logging, error page and JMX:
 * bad input is a 400 with a one-line reason, an unknown listener a 404, for reads and writes, and neither logs a
 * line; replay by ids moves exactly those dead letters; stream and queue dead letters read back in one shape; and
 * the endpoint still works over JMX.
 */
@SpringBootTest(classes = RedisMessagingEndpointWebIT.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=redismessaging",
				"management.endpoints.jmx.exposure.include=redismessaging", "spring.jmx.enabled=true",
				"spring.web.error.include-message=always", "spring.data.redis.timeout=2s" })
@EmbeddedRedis
@ExtendWith(OutputCaptureExtension.class)
class RedisMessagingEndpointWebIT {

	private static final String STREAM = "it.endpoint.web.orders." + UUID.randomUUID();

	private static final String QUEUE = "it.endpoint.web.jobs." + UUID.randomUUID();

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	private static final JsonMapper json = JsonMapper.shared();

	@LocalServerPort
	int port;

	private EndpointTestSupport.Client client;

	@DynamicPropertySource
	static void names(DynamicPropertyRegistry registry) {
		registry.add("test.stream", () -> STREAM);
		registry.add("test.queue", () -> QUEUE);
		registry.add("test.channel", () -> "it.endpoint.web.news." + UUID.randomUUID());
	}

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void badInputIsA400WithItsReasonAndAnUnknownListenerA404AndNeitherIsLogged(CapturedOutput output)
			throws Exception {
		String deadLetter = streamDeadLetter("kept");
		assertThat(client().get("").statusCode()).isEqualTo(200);
		int start = output.length();

		String tooMany = IntStream.range(0, 1001).mapToObj((i) -> i + "-0").collect(Collectors.joining(","));
		List<String> reasons = new ArrayList<>();
		reasons.add(badRequest(client().post("/orders/dead-letters", "{\"count\":-1}")));
		reasons.add(badRequest(client().post("/orders/dead-letters", "{\"count\":0}")));
		reasons.add(badRequest(client().post("/orders/dead-letters", "{\"count\":1001}")));
		reasons.add(badRequest(client().get("/orders/dead-letters?count=5000")));
		reasons.add(badRequest(client().post("/orders", "{\"action\":\"nonsense\"}")));
		reasons.add(badRequest(client().get("/orders/dead-letters?after=garbage")));
		reasons.add(badRequest(client().get("/orders/dead-letters?after=" + encode("1-0\nforged log line"))));
		reasons.add(badRequest(client().get("/orders/dead-letters?after=18446744073709551616-0")));
		reasons.add(badRequest(client().get("/orders/dead-letters?after=18446744073709551615-18446744073709551615")));
		reasons.add(badRequest(client().get("/orders/dead-letters?offset=20")));
		reasons.add(badRequest(client().get("/orders/nonsense")));
		reasons.add(badRequest(client().post("/orders/nonsense", "{\"count\":1}")));
		reasons.add(badRequest(client().get("/news/dead-letters")));
		reasons.add(badRequest(client().post("/news/dead-letters", "{\"count\":1}")));
		reasons.add(badRequest(client().get("/jobs/dead-letters?after=1-0")));
		reasons.add(badRequest(client().get("/jobs/dead-letters?offset=-1")));
		reasons.add(badRequest(client().post("/jobs/dead-letters", "{\"ids\":\"1-0\"}")));
		reasons.add(badRequest(client().post("/orders/dead-letters", "{\"ids\":\"" + deadLetter + "\",\"count\":1}")));
		reasons.add(badRequest(client().post("/orders/dead-letters", "{\"ids\":\"" + deadLetter + ",garbage\"}")));
		reasons.add(badRequest(client().post("/orders/dead-letters", "{\"ids\":\"\"}")));
		reasons.add(badRequest(client().post("/orders/dead-letters", "{\"ids\":\"" + tooMany + "\"}")));
		reasons.add(badRequest(client().post("/orders/dead-letters", "{\"count\":\"ten\"}")));
		reasons.add(badRequest(client().post("/orders", "{}")));
		List<String> notFound = List.of(notFound(client().get("/nobody")), notFound(client().post("/nobody", "{\"action\":\"pause\"}")),
				notFound(client().get("/nobody/dead-letters")), notFound(client().post("/nobody/dead-letters", "{\"count\":1}")));

		assertThat(reasons).containsExactly("count must be 1 to 1000, was -1", "count must be 1 to 1000, was 0",
				"count must be 1 to 1000, was 1001", "count must be 1 to 1000, was 5000",
				"Unknown action 'nonsense': use pause or resume (this instance), pause-everywhere or "
						+ "resume-everywhere (a queue, for every instance)",
				"after: 'garbage' is not a stream entry id such as 1700000000000-0",
				"after: '1-0?forged log line' is not a stream entry id such as 1700000000000-0",
				"after: '18446744073709551616-0' is not a stream entry id such as 1700000000000-0",
				"after: nothing follows '18446744073709551615-18446744073709551615', the last possible stream entry id",
				"offset pages a queue listener's dead letters; for stream listener 'orders' pass after=<the last id"
						+ " of the previous page>",
				"Unknown section 'nonsense' for stream listener 'orders': use dead-letters, pending, entries, info",
				"Unknown section 'nonsense' for stream listener 'orders': use dead-letters, pending, entries, info",
				"Listener 'news' is a pub/sub listener, which keeps nothing in Redis",
				"Listener 'news' is a pub/sub listener, which keeps nothing in Redis",
				"after pages a stream listener's dead letters; for queue listener 'jobs' pass offset=<how many to skip>",
				"offset must be 0 or more, was -1",
				"ids are for stream listeners; queue listener 'jobs' replays its oldest dead letters: pass count or all",
				"Pass one of count, all and ids", "ids: 'garbage' is not a stream entry id such as 1700000000000-0",
				"ids is empty: name at least one id", "At most 1000 ids at once, were 1001",
				// Boot's own checks: a value of the wrong type, a missing parameter
				"Parameter mapping failure", "Missing parameters: action");
		assertThat(notFound).containsOnly("No listener with id 'nobody'");
		assertThat(deadLetterIds()).as("nothing replayed").contains(deadLetter);
		assertThat(output.toString().substring(start)).as("logged while answering bad requests").isEmpty();
	}

	@Test
	void idsReplayExactlyThoseDeadLettersAsAJsonArrayACommaSeparatedStringOrQueryParameters(CapturedOutput output)
			throws Exception {
		List<String> ids = IntStream.range(0, 7).mapToObj((i) -> streamDeadLetter("replay-" + i)).toList();
		int start = output.length();

		HttpResponse<String> byArray = client().post("/orders/dead-letters",
				"{\"ids\":[\"" + ids.get(0) + "\",\"" + ids.get(2) + "\"]}");
		assertThat(byArray.statusCode()).isEqualTo(200);
		assertThat(json.readTree(byArray.body()).get("replayed").get(STREAM).asInt()).isEqualTo(2);
		assertThat(deadLetterIds()).containsAll(List.of(ids.get(1), ids.get(3), ids.get(4), ids.get(5), ids.get(6)))
			.doesNotContain(ids.get(0), ids.get(2));

		HttpResponse<String> byString = client().post("/orders/dead-letters",
				"{\"ids\":\"" + ids.get(1) + "," + ids.get(3) + "\"}");
		assertThat(byString.statusCode()).isEqualTo(200);
		assertThat(deadLetterIds()).containsAll(List.of(ids.get(4), ids.get(5), ids.get(6)))
			.doesNotContain(ids.get(1), ids.get(3));

		HttpResponse<String> byQuery = client().post("/orders/dead-letters?ids=" + ids.get(4) + "&ids=" + ids.get(5), "{}");
		assertThat(byQuery.statusCode()).isEqualTo(200);
		assertThat(deadLetterIds()).contains(ids.get(6)).doesNotContain(ids.get(4), ids.get(5));

		assertThat(badRequest(client().post("/orders/dead-letters", "{\"ids\":[]}")))
			.isEqualTo("ids is empty: name at least one id");
		assertThat(badRequest(client().post("/orders/dead-letters", "{\"ids\":[\"" + ids.get(6) + "\",\"garbage\"]}")))
			.isEqualTo("ids: 'garbage' is not a stream entry id such as 1700000000000-0");
		assertThat(deadLetterIds()).contains(ids.get(6));
		assertThat(redis.all(STREAM)).extracting((entry) -> entry.getBody().get("payload"))
			.contains("replay-0", "replay-1", "replay-2", "replay-3", "replay-4", "replay-5")
			.doesNotContain("replay-6");
		assertThat(output.toString().substring(start)).as("logged while replaying").isEmpty();
	}

	@Test
	void streamAndQueueDeadLettersHaveOneShapeAndPage() throws Exception {
		String first = streamDeadLetter("shape-1");
		String second = streamDeadLetter("shape-2");
		redis.commands().lpush("{" + QUEUE + "}:dlq", queueDeadLetter("job-1"), queueDeadLetter("job-2"));

		JsonNode streamPage = json.readTree(client().get("/orders/dead-letters?count=1&after=" + previous(first)).body());
		JsonNode nextStreamPage = json.readTree(client().get("/orders/dead-letters?count=1&after=" + first).body());
		JsonNode queuePage = json.readTree(client().get("/jobs/dead-letters?count=1").body());
		JsonNode nextQueuePage = json.readTree(client().get("/jobs/dead-letters?count=1&offset=1").body());

		assertThat(streamPage.get(STREAM)).singleElement()
			.satisfies((node) -> assertThat(node.get("id").asString()).isEqualTo(first));
		assertThat(nextStreamPage.get(STREAM)).singleElement()
			.satisfies((node) -> assertThat(node.get("id").asString()).isEqualTo(second));
		assertThat(queuePage.get(QUEUE)).singleElement()
			.satisfies((node) -> assertThat(node.get("id").asString()).isEqualTo("job-1"));
		assertThat(nextQueuePage.get(QUEUE)).singleElement()
			.satisfies((node) -> assertThat(node.get("id").asString()).isEqualTo("job-2"));
		JsonNode streamDeadLetter = streamPage.get(STREAM).get(0);
		JsonNode queueDeadLetter = queuePage.get(QUEUE).get(0);
		assertThat(queueDeadLetter.propertyNames()).containsExactlyElementsOf(streamDeadLetter.propertyNames())
			.containsExactly("kind", "id", "sourceId", "reason", "exception", "deliveries", "listener", "at",
					"payload", "fields");
		assertThat(streamDeadLetter.get("at").asString()).isEqualTo("2025-06-10T06:13:20.123Z");
		assertThat(queueDeadLetter.get("at").asString()).isEqualTo("2025-06-10T06:13:20.123Z");
	}

	@Test
	void overJmxAnUnknownListenerIsA404ResponseAndBadInputAnIllegalArgument() throws Exception {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		Set<ObjectName> names = server
			.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Redismessaging,*"), null);
		assertThat(names).hasSize(1);
		ObjectName endpoint = names.iterator().next();

		assertThat(server.invoke(endpoint, "listener", new Object[] { "orders" }, new String[] { "java.lang.String" }))
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("kind", "STREAM");
		assertThat(server.invoke(endpoint, "control", new Object[] { "nobody", "pause" },
				new String[] { "java.lang.String", "java.lang.String" }))
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("status", 404)
			.containsEntry("body", Map.of("message", "No listener with id 'nobody'"));
		assertThatExceptionOfType(ReflectionException.class)
			.isThrownBy(() -> server.invoke(endpoint, "control", new Object[] { "orders", "nonsense" },
					new String[] { "java.lang.String", "java.lang.String" }))
			.havingCause()
			.isInstanceOf(IllegalArgumentException.class)
			.withMessage("Unknown action 'nonsense': use pause or resume (this instance), pause-everywhere or "
					+ "resume-everywhere (a queue, for every instance)");
	}

	private String notFound(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(404);
		return json.readTree(response.body()).get("message").asString();
	}

	private static String streamDeadLetter(String payload) {
		return redis.commands()
			.xadd(deadLetterStream(), Map.of("payload", payload, "h.trace", "t-1", DeadLetterFields.REASON,
					DeadLetterFields.REASON_MAX_DELIVERIES, DeadLetterFields.EXCEPTION, "java.lang.IllegalStateException: no",
					DeadLetterFields.DELIVERIES, "3", DeadLetterFields.LISTENER, "orders", DeadLetterFields.SOURCE_ID,
					"1-0", DeadLetterFields.AT, "2025-06-10T06:13:20.123Z"));
	}

	/** A queue item as the queue listener dead-letters it ({@code LPUSH {queue}:dlq}). */
	private static String queueDeadLetter(String id) {
		return "{\"id\":\"" + id + "\",\"payload\":\"" + id + "\",\"headers\":{\"trace\":\"t-2\",\""
				+ DeadLetterFields.REASON + "\":\"" + DeadLetterFields.REASON_MAX_ATTEMPTS + "\",\""
				+ DeadLetterFields.EXCEPTION + "\":\"java.lang.IllegalStateException: no\",\"" + DeadLetterFields.DELIVERIES
				+ "\":\"3\",\"" + DeadLetterFields.LISTENER + "\":\"jobs\",\"" + DeadLetterFields.SOURCE_ID + "\":\"" + id
				+ "\",\"" + DeadLetterFields.AT + "\":\"2025-06-10T06:13:20.123Z\"}}";
	}

	private static String deadLetterStream() {
		return "{" + STREAM + "}:dlq";
	}

	private static List<String> deadLetterIds() {
		return redis.commands()
			.xrange(deadLetterStream(), Range.create("-", "+"))
			.stream()
			.map(StreamMessage::getId)
			.toList();
	}

	/** The id just before a stream entry id, to page from that entry on. */
	private static String previous(String id) {
		return StreamEntryId.parse(id).previous().toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private EndpointTestSupport.Client client() {
		if (this.client == null) {
			this.client = new EndpointTestSupport.Client(this.port);
		}
		return this.client;
	}

	/**
	 * An application with every auto-configuration on the test class path, a stream, a queue and a pub/sub
	 * listener that take what they get, and the tests' bounded shutdown of Lettuce.
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

	static class Listeners {

		@StreamListener(id = "orders", stream = "${test.stream}", group = "g")
		void order(String payload) {
		}

		@QueueListener(id = "jobs", queue = "${test.queue}")
		void job(String payload) {
		}

		@RedisSubscriber(id = "news", channels = "${test.channel}")
		void news(String message) {
		}

	}

}

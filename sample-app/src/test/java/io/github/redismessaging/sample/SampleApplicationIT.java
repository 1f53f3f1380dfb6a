package io.github.redismessaging.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.RedisCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the sample exactly as {@code main} does, on its own embedded Redis 7 cluster, and drives the order flow over
 * HTTP: a good order is billed, mailed and broadcast; a failing one is dead-lettered and, once the cause is fixed,
 * replayed and billed. Finally the embedded cluster must be gone with the context.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleApplicationIT {

	private static final Duration FLOW = Duration.ofSeconds(10);

	/** Three deliveries, 2 s apart at least, found by recovery running every second. */
	private static final Duration DEAD_LETTER = Duration.ofSeconds(20);

	private static ConfigurableApplicationContext context;

	private static RestClient http;

	@BeforeAll
	static void start() {
		context = SampleApplication.create().run("--server.port=0");
		http = RestClient.builder()
			.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
			// Status codes are asserted by the tests, not turned into exceptions.
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	@Order(1)
	void startsOnAnEmbeddedCluster() {
		String nodes = context.getEnvironment().getProperty("spring.data.redis.cluster.nodes");
		assertThat(nodes).isNotBlank();
		assertThat(nodes.split(",")).hasSize(6);
		assertThat(context.getEnvironment().getProperty("spring.data.redis.timeout")).isEqualTo("2s");
		assertThat(redisServers()).hasSize(6);
	}

	@Test
	@Order(2)
	void billsAnOrderSendsTheEmailAndBroadcastsItsStatus() {
		ResponseEntity<Map<String, String>> created = post("/orders", Map.of("id", "it-1", "amount", 10.5));
		assertThat(created.getStatusCode().value()).isEqualTo(202);
		assertThat(created.getBody()).containsEntry("orderId", "it-1").containsKey("entryId");

		await().atMost(FLOW).untilAsserted(() -> assertThat(order("it-1")).satisfies((view) -> {
			assertThat(view.billed()).isTrue();
			assertThat(view.emailSent()).isTrue();
			assertThat(view.status()).isEqualTo("BILLED");
			assertThat(view.audited()).isTrue();
			assertThat(view.state()).isEqualTo("COMPLETED");
			assertThat(view.billingAttempts()).isEqualTo(1);
		}));
	}

	@Test
	@Order(3)
	void rejectsAnOrderWithoutAmount() {
		assertThat(post("/orders", Map.of("id", "it-bad")).getStatusCode().value()).isEqualTo(400);
		assertThat(http.get().uri("/orders/unknown").retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(404);
	}

	@Test
	@Order(4)
	void deadLettersAFailingOrderAndReplaysItOnceFixed() {
		RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
		String entryId = post("/orders", Map.of("id", "it-2", "amount", 99, "fail", true)).getBody().get("entryId");

		await().atMost(DEAD_LETTER).untilAsserted(() -> assertThat(template.deadLetters("orders", 100))
			.anySatisfy((deadLetter) -> assertDeadLetter(deadLetter, entryId)));
		assertThat(order("it-2")).satisfies((view) -> {
			assertThat(view.billed()).isFalse();
			assertThat(view.billingAttempts()).isEqualTo(3);
			assertThat(view.deadLettered()).isTrue();
			assertThat(view.state()).isEqualTo("DEAD_LETTERED");
		});
		checkDeadLettersEndpointIfPresent();

		assertThat(post("/payments/repair", Map.of()).getStatusCode().is2xxSuccessful()).isTrue();
		assertThat(template.replayDeadLetters("orders", 10)).isEqualTo(1);

		await().atMost(FLOW).untilAsserted(() -> assertThat(order("it-2")).satisfies((view) -> {
			assertThat(view.billed()).isTrue();
			assertThat(view.emailSent()).isTrue();
			assertThat(view.deadLettered()).isFalse();
			assertThat(view.billingAttempts()).isEqualTo(4);
		}));
		assertThat(template.deadLetters("orders", 100)).isEmpty();
	}

	@Test
	@Order(5)
	void reportsHealth() {
		ResponseEntity<String> health = http.get().uri("/actuator/health").retrieve().toEntity(String.class);
		assertThat(health.getStatusCode().value()).isEqualTo(200);
		assertThat(health.getBody()).contains("\"status\":\"UP\"");
		// The redisMessaging health contributor is being added; check it only once it exists.
		ResponseEntity<String> messaging = http.get().uri("/actuator/health/redisMessaging").retrieve()
			.toEntity(String.class);
		if (messaging.getStatusCode().value() != 404) {
			assertThat(messaging.getStatusCode().value()).isEqualTo(200);
		}
	}

	@Test
	@Order(6)
	void listsTheListenersIfTheEndpointExists() {
		ResponseEntity<String> listeners = http.get().uri("/actuator/redismessaging").retrieve().toEntity(String.class);
		if (listeners.getStatusCode().value() != 404) {
			assertThat(listeners.getStatusCode().value()).isEqualTo(200);
			assertThat(listeners.getBody()).contains("billing", "emails", "orderStatus", "audit");
		}
	}

	@Test
	@Order(6)
	void servesTheConsole() {
		ResponseEntity<String> page = http.get().uri("/redis-messaging/").retrieve().toEntity(String.class);
		assertThat(page.getStatusCode().value()).isEqualTo(200);
		assertThat(page.getBody()).contains("<title>redis-messaging console</title>");
		assertThat(http.get().uri("/redis-messaging/config.json").retrieve().body(String.class))
			.contains("\"endpoint\":\"/actuator/redismessaging\"", "\"writable\":true");
	}

	@Test
	@Order(7)
	void stopsTheEmbeddedClusterWithTheContext() {
		List<ProcessHandle> servers = redisServers();
		assertThat(servers).hasSize(6);
		context.close();
		context = null;
		await().atMost(Duration.ofSeconds(10)).until(() -> servers.stream().noneMatch(ProcessHandle::isAlive));
	}

	private static void assertDeadLetter(DeadLetter deadLetter, String entryId) {
		assertThat(deadLetter.sourceId()).isEqualTo(entryId);
		assertThat(deadLetter.reason()).isEqualTo("max-deliveries");
		assertThat(deadLetter.deliveries()).isEqualTo(3);
		assertThat(deadLetter.exception()).contains("declined order it-2");
	}

	private void checkDeadLettersEndpointIfPresent() {
		ResponseEntity<String> deadLetters = http.get().uri("/actuator/redismessaging/billing/dead-letters")
			.retrieve().toEntity(String.class);
		if (deadLetters.getStatusCode().value() != 404) {
			assertThat(deadLetters.getStatusCode().value()).isEqualTo(200);
			assertThat(deadLetters.getBody()).contains("it-2");
		}
	}

	/**
	 * The live redis-server processes of the sample's embedded cluster, found by the pids their launcher holds: the
	 * command name would not do, since Debian's redis-server is a link to redis-check-rdb.
	 */
	private static List<ProcessHandle> redisServers() {
		RedisCluster cluster = context.getBean(RedisCluster.class);
		return cluster.nodes().stream().map((node) -> ProcessHandle.of(cluster.server(node).pid()))
			.flatMap(Optional::stream).filter(ProcessHandle::isAlive).toList();
	}

	private static OrderView order(String id) {
		return http.get().uri("/orders/{id}", id).retrieve().body(OrderView.class);
	}

	private static ResponseEntity<Map<String, String>> post(String path, Map<String, Object> body) {
		return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			});
	}

}

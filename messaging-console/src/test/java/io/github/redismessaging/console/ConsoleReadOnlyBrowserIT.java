package io.github.redismessaging.console;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.redismessaging.test.EmbeddedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the endpoint's access read-only, the console shows the listeners and their dead letters but no write
 * action at all.
 */
@SpringBootTest(classes = ConsoleTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=redismessaging",
				"management.endpoint.redismessaging.access=read-only", "spring.security.user.name=ops",
				"spring.security.user.password=secret" })
@EmbeddedRedis
class ConsoleReadOnlyBrowserIT {

	@DynamicPropertySource
	static void names(DynamicPropertyRegistry registry) {
		registry.add("test.stream", () -> "console.ro.orders." + UUID.randomUUID());
		registry.add("test.queue", () -> "console.ro.jobs." + UUID.randomUUID());
	}

	@LocalServerPort
	int port;

	@Test
	void writeActionsAreAbsentWhenTheEndpointIsReadOnly() throws Exception {
		try (Browser browser = new Browser(this.port)) {
			browser.open("/redis-messaging/", "ops", "secret");
			await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
				assertThat(browser.text("tr[data-listener=orders] [data-field=state]")).isEqualTo("RUNNING");
				assertThat(browser.text("#mode")).isEqualTo("read-only");
			});
			browser.click("tr[data-listener=orders] a");
			await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
				.untilAsserted(() -> assertThat(browser.text("#panel [data-role=empty]")).isEqualTo("No dead letters."));
			browser.screenshot("read-only");
			assertThat(browser.findAll("button[data-action]")).as("pause and resume buttons").isEmpty();
			assertThat(browser.findAll("button[data-write]")).as("replay, delete and claim buttons").isEmpty();
			assertThat(browser.severeLogs()).as("errors the page logged").isEmpty();
		}
	}

}

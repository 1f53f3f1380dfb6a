package io.github.redismessaging.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.redismessaging.test.EmbeddedRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind Spring Security (Boot's defaults and a configured user), the page and the data it reads need the user:
 * 401 without credentials, the page with them.
 */
@SpringBootTest(classes = ConsoleTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=redismessaging", "spring.security.user.name=ops",
				"spring.security.user.password=secret" })
@EmbeddedRedis
class ConsoleSecurityIT {

	@DynamicPropertySource
	static void names(DynamicPropertyRegistry registry) {
		registry.add("test.stream", () -> "console.sec.orders." + UUID.randomUUID());
		registry.add("test.queue", () -> "console.sec.jobs." + UUID.randomUUID());
	}

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void pageAndDataNeedTheUser() throws Exception {
		assertThat(get("/redis-messaging/", null).statusCode()).isEqualTo(401);
		assertThat(get("/redis-messaging/config.json", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/redismessaging", null).statusCode()).isEqualTo(401);
		HttpResponse<String> page = get("/redis-messaging/", "ops:secret");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>redis-messaging console</title>");
		HttpResponse<String> data = get("/actuator/redismessaging", "ops:secret");
		assertThat(data.statusCode()).isEqualTo(200);
		assertThat(data.body()).contains("\"orders\"", "\"jobs\"");
	}

	private HttpResponse<String> get(String path, String credentials) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

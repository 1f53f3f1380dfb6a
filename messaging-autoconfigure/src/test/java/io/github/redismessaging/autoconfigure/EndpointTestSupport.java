package io.github.redismessaging.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the endpoint's HTTP tests share: a client for {@code /actuator/redismessaging} on the test server's port, the
 * checks of a 200 or a 400 response, and the beans every test application needs beside its listeners (a meter
 * registry, and Lettuce client resources with the tests' bounded shutdown).
 */
final class EndpointTestSupport {

	private EndpointTestSupport() {
	}

	/** The body of a response that must be a 200. */
	static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body());
	}

	/** The reason of a response that must be a 400: the {@code message} of Boot's error response. */
	static String badRequest(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(400);
		return JsonMapper.shared().readTree(response.body()).get("message").asString();
	}

	/** Sends requests to the endpoint, asking for JSON. */
	static final class Client {

		private final HttpClient http = HttpClient.newHttpClient();

		private final int port;

		Client(int port) {
			this.port = port;
		}

		HttpResponse<String> get(String path) throws Exception {
			return send(HttpRequest.newBuilder(uri(path)).GET());
		}

		HttpResponse<String> post(String path, String body) throws Exception {
			return send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

		private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
			return this.http.send(request.header("Accept", "application/json").build(),
					HttpResponse.BodyHandlers.ofString());
		}

		private URI uri(String path) {
			return URI.create("http://localhost:" + this.port + "/actuator/redismessaging" + path);
		}

	}

	/** The beans of every endpoint test application besides its listeners. */
	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean(destroyMethod = "")
		ClientResources lettuceClientResources() {
			return DefaultClientResources.create();
		}

		@Bean
		static BoundedClientResourcesShutdown boundedClientResourcesShutdown() {
			return new BoundedClientResourcesShutdown();
		}

	}

}

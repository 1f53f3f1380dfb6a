package io.github.redismessaging.console;

import java.net.URI;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.PropertiesEndpointAccessResolver;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import io.github.redismessaging.autoconfigure.RedisMessagingAutoConfiguration;
import io.github.redismessaging.autoconfigure.RedisMessagingEndpoint;

/**
 * Serves the operations console at {@code redis.messaging.console.path} (default {@code /redis-messaging}) in a
 * servlet web application whose {@code redismessaging} endpoint is exposed over the web on the application's own
 * port. The page reads and acts through that endpoint only, so it follows the endpoint's exposure, its access
 * ({@code management.endpoint.redismessaging.access}: write actions appear only when it is {@code unrestricted})
 * and the application's security.
 */
@AutoConfiguration(after = { RedisMessagingAutoConfiguration.class, WebEndpointAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBooleanProperty(name = "redis.messaging.console.enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(endpoint = RedisMessagingEndpoint.class, exposure = EndpointExposure.WEB)
@ConditionalOnManagementPort(ManagementPortType.SAME)
@EnableConfigurationProperties(RedisMessagingConsoleProperties.class)
@ImportRuntimeHints(ConsoleRuntimeHints.class)
public class RedisMessagingConsoleAutoConfiguration {

	static final String ASSETS = "META-INF/resources/redis-messaging-console/";

	@Bean
	RouterFunction<ServerResponse> redisMessagingConsoleRoutes(RedisMessagingConsoleProperties properties,
			WebEndpointProperties endpoints, ObjectProvider<EndpointAccessResolver> access, Environment environment) {
		String path = properties.normalisedPath();
		ConsoleConfig config = new ConsoleConfig(
				endpoints.getBasePath() + "/" + ConsoleConfig.ENDPOINT.toString(),
				access.getIfAvailable(() -> new PropertiesEndpointAccessResolver(environment)));
		ClassPathResource index = new ClassPathResource(ASSETS + "index.html");
		return RouterFunctions.route()
			.GET(path, (request) -> ServerResponse
				.permanentRedirect(URI.create(request.servletRequest().getContextPath() + path + "/"))
				.build())
			.GET(path + "/", (request) -> ServerResponse.ok()
				.contentType(MediaType.TEXT_HTML)
				.cacheControl(CacheControl.noCache())
				.body(index))
			.GET(path + "/config.json", (request) -> ServerResponse.ok()
				.cacheControl(CacheControl.noStore())
				.body(config.config(request.servletRequest())))
			.resources(path + "/**", new ClassPathResource(ASSETS))
			.build();
	}

}

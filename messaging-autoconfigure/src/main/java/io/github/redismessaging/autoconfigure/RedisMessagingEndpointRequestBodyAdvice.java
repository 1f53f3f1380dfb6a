package io.github.redismessaging.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Lets a JSON request body of the {@code redismessaging} endpoint carry a list as an array, as in
 * {@code {"ids":["1700000000000-0","1700000000001-0"]}}. Spring MVC reads the body of every actuator operation as a
 * map of strings, which an array cannot be read into; this advice turns each top-level array of strings or
 * numbers in a request to this endpoint into the comma-separated string that Boot converts to the operation's
 * list parameter. Other requests, and arrays of anything else, are left as they are.
 */
@ControllerAdvice
class RedisMessagingEndpointRequestBodyAdvice extends RequestBodyAdviceAdapter {

	private static final EndpointId ENDPOINT = EndpointId.of("redismessaging");

	private final ObjectProvider<PathMappedEndpoints> endpoints;

	private final JsonMapper mapper = JsonMapper.shared();

	RedisMessagingEndpointRequestBodyAdvice(ObjectProvider<PathMappedEndpoints> endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		PathMappedEndpoints mapped = this.endpoints.getIfAvailable();
		String path = (mapped != null) ? mapped.getPath(ENDPOINT) : null;
		Object pattern = (request != null)
				? request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
				: null;
		return path != null && pattern != null && pattern.toString().startsWith(path + "/");
	}

	@Override
	public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
		byte[] body = message.getBody().readAllBytes();
		ObjectNode joined = joinArrays(body);
		byte[] content = (joined != null) ? this.mapper.writeValueAsBytes(joined) : body;
		HttpHeaders headers = HttpHeaders.copyOf(message.getHeaders());
		headers.setContentLength(content.length);
		return new Body(headers, content);
	}

	/**
	 * The body with its arrays of strings or numbers joined, or {@code null} if it has none or is not a JSON
	 * object.
	 */
	private @Nullable ObjectNode joinArrays(byte[] body) {
		JsonNode tree;
		try {
			tree = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			// Spring MVC reads it again and answers 400 as it would without this advice.
			return null;
		}
		if (!(tree instanceof ObjectNode object)) {
			return null;
		}
		Map<String, String> joined = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> property : object.properties()) {
			List<String> values = scalars(property.getValue());
			if (values != null) {
				joined.put(property.getKey(), String.join(",", values));
			}
		}
		joined.forEach(object::put);
		return joined.isEmpty() ? null : object;
	}

	private static @Nullable List<String> scalars(JsonNode node) {
		if (!node.isArray()) {
			return null;
		}
		List<String> values = new ArrayList<>(node.size());
		for (JsonNode element : node) {
			if (!element.isString() && !element.isNumber()) {
				return null;
			}
			values.add(element.asString());
		}
		return values;
	}

	private record Body(HttpHeaders headers, byte[] content) implements HttpInputMessage {

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.content);
		}

	}

}

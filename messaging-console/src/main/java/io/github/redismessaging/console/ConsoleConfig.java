package io.github.redismessaging.console;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;

/**
 * Tells the page where the endpoint is, whether its write operations are available (the endpoint's access is
 * {@code unrestricted}), and, behind Spring Security, which CSRF header and token its write calls must carry.
 */
final class ConsoleConfig {

	static final EndpointId ENDPOINT = EndpointId.of("redismessaging");

	private final String endpointPath;

	private final EndpointAccessResolver access;

	ConsoleConfig(String endpointPath, EndpointAccessResolver access) {
		this.endpointPath = endpointPath;
		this.access = access;
	}

	Map<String, Object> config(HttpServletRequest request) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("endpoint", request.getContextPath() + this.endpointPath);
		config.put("writable", this.access.accessFor(ENDPOINT, Access.UNRESTRICTED) == Access.UNRESTRICTED);
		Object csrf = request.getAttribute("_csrf");
		if (csrf != null) {
			BeanWrapperImpl token = new BeanWrapperImpl(csrf);
			config.put("csrf", Map.of("header", String.valueOf(token.getPropertyValue("headerName")), "token",
					String.valueOf(token.getPropertyValue("token"))));
		}
		return config;
	}

}

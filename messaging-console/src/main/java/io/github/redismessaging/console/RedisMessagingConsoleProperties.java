package io.github.redismessaging.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the operations console ({@code redis.messaging.console.*}).
 */
@ConfigurationProperties("redis.messaging.console")
public class RedisMessagingConsoleProperties {

	/**
	 * Whether to serve the console page when the application is a servlet web application and the
	 * {@code redismessaging} endpoint is exposed over the web.
	 */
	private boolean enabled = true;

	/**
	 * Where the page is served, relative to the servlet context path.
	 */
	private String path = "/redis-messaging";

	/**
	 * Whether to serve the console page.
	 * @return {@code true} by default
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Sets whether to serve the console page.
	 * @param enabled whether to serve it
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Where the page is served.
	 * @return the path, {@code /redis-messaging} by default
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Sets where the page is served.
	 * @param path a path starting with {@code /}, such as {@code /ops/messaging}
	 */
	public void setPath(String path) {
		this.path = path;
	}

	/**
	 * The path without a trailing slash, checked.
	 * @return the normalised path
	 * @throws IllegalStateException if the path does not start with {@code /} or is the root
	 */
	String normalisedPath() {
		String trimmed = this.path.strip();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		if (!trimmed.startsWith("/") || trimmed.isEmpty() || trimmed.contains("*") || trimmed.contains("{")) {
			throw new IllegalStateException("redis.messaging.console.path must be a plain path below the root that "
					+ "starts with '/', such as /redis-messaging, but is '" + this.path + "'");
		}
		return trimmed;
	}

}

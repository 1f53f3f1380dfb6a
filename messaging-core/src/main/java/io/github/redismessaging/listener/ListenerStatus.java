package io.github.redismessaging.listener;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of one listener container, for the health indicator and the actuator endpoint.
 *
 * @param id the listener id
 * @param kind the listener kind
 * @param destination what it reads
 * @param state {@code RUNNING}, {@code PAUSED} or {@code STOPPED}
 * @param failingSince since when reading from Redis has failed without a success in between, or {@code null}
 * @param lastError the last failure to read from Redis, or {@code null}
 * @param details kind-specific figures refreshed in the background: pending, lag, depth, dead letters...
 */
public record ListenerStatus(String id, ListenerKind kind, String destination, State state, Instant failingSince,
		String lastError, Map<String, Object> details) {

	/**
	 * The lifecycle state of a container.
	 */
	public enum State {

		/** Started and taking messages. */
		RUNNING,

		/** Started but not taking messages; in-flight work finishes. */
		PAUSED,

		/** Not started, or stopped. */
		STOPPED

	}

}

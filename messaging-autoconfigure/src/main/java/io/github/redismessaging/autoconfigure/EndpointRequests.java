package io.github.redismessaging.autoconfigure;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.github.redismessaging.stream.StreamEntryId;

/**
 * How the {@code redismessaging} endpoint checks what a request gives it and answers what it cannot serve: a bad
 * value is an {@link InvalidEndpointRequestException} (a 400 over the web) whose reason is one line, and an unknown
 * listener a 404.
 */
final class EndpointRequests {

	static final int DEFAULT_COUNT = 20;

	static final int MAX_COUNT = 1000;

	private static final int SHOWN_INPUT = 64;

	private EndpointRequests() {
	}

	static int count(@Nullable Integer count) {
		if (count == null) {
			return DEFAULT_COUNT;
		}
		if (count < 1 || count > MAX_COUNT) {
			throw invalid("count must be 1 to " + MAX_COUNT + ", was " + count);
		}
		return count;
	}

	/**
	 * Checks a stream entry id as Redis reads it, so that a bad one is a 400 and not a Redis error: {@code <ms>} or
	 * {@code <ms>-<seq>}, both unsigned 64-bit numbers.
	 * @return the id
	 */
	static StreamEntryId streamId(String name, String value) {
		StreamEntryId id = StreamEntryId.parse(value);
		if (id == null) {
			throw invalid(name + ": " + shown(value) + " is not a stream entry id such as 1700000000000-0");
		}
		return id;
	}

	/**
	 * Checks a list of ids: one to 1000, none blank (as {@code ids=a,,b} gives one), each a stream entry id where
	 * {@code streamIds}.
	 */
	static List<String> ids(@Nullable List<String> ids, boolean streamIds) {
		if (ids == null || ids.isEmpty()) {
			throw invalid("ids is empty: name at least one id");
		}
		if (ids.size() > MAX_COUNT) {
			throw invalid("At most " + MAX_COUNT + " ids at once, were " + ids.size());
		}
		for (String id : ids) {
			if (id == null || id.isBlank()) {
				throw invalid("ids: an id is blank");
			}
			if (streamIds) {
				streamId("ids", id);
			}
		}
		return ids;
	}

	static WebEndpointResponse<Map<String, String>> notFound(String id) {
		return new WebEndpointResponse<>(Map.of("message", "No listener with id " + shown(id)),
				WebEndpointResponse.STATUS_NOT_FOUND);
	}

	static InvalidEndpointRequestException invalid(String reason) {
		return new InvalidEndpointRequestException(reason, reason);
	}

	/**
	 * A value from the request as a reason shows it: quoted, on one line, and cut short.
	 */
	static String shown(String value) {
		String line = value.codePoints()
			.map((c) -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return "'" + ((line.length() > SHOWN_INPUT) ? line.substring(0, SHOWN_INPUT) + "…" : line) + "'";
	}

}

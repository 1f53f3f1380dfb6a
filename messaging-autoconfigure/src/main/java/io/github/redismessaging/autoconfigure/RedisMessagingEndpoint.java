package io.github.redismessaging.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.context.annotation.ImportRuntimeHints;

import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.ListenerStatus;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.publish.RedisMessagingTemplate;

/**
 * The {@code redismessaging} actuator endpoint:
 * <ul>
 * <li>{@code GET /actuator/redismessaging}: every listener with its state, figures and counts;</li>
 * <li>{@code GET /actuator/redismessaging/{id}}: one listener;</li>
 * <li>{@code POST /actuator/redismessaging/{id}} with {@code {"action":"pause"}} or {@code "resume"};</li>
 * <li>{@code GET /actuator/redismessaging/{id}/dead-letters?count=20&after=<id>} (streams) or
 * {@code ?count=20&offset=40} (queues): a page of the dead letters of the listener's stream or queues, oldest
 * first, each in the {@link io.github.redismessaging.deadletter.DeadLetter} shape for both kinds;</li>
 * <li>{@code POST /actuator/redismessaging/{id}/dead-letters} with {@code {"count":10}} or
 * {@code {"ids":[...]}} (streams): replays them.</li>
 * </ul>
 */
@Endpoint(id = "redismessaging")
@ImportRuntimeHints(RedisMessagingEndpointRuntimeHints.class)
public class RedisMessagingEndpoint {

	private static final String DEAD_LETTERS = "dead-letters";

	private static final int DEFAULT_COUNT = 20;

	private final RedisListenerRegistry registry;

	private final RedisMessagingTemplate template;

	private final MeterRegistry meters;

	/**
	 * Creates the endpoint.
	 * @param registry the listener registry
	 * @param template reads and replays dead letters
	 * @param meters where listener counts are read from, or {@code null}
	 */
	public RedisMessagingEndpoint(RedisListenerRegistry registry, RedisMessagingTemplate template,
			@Nullable MeterRegistry meters) {
		this.registry = registry;
		this.template = template;
		this.meters = meters;
	}

	/**
	 * Every listener.
	 * @return the listeners by id
	 */
	@ReadOperation
	public Map<String, Object> listeners() {
		Map<String, Object> listeners = new LinkedHashMap<>();
		for (MessageListenerContainer container : this.registry.containers()) {
			listeners.put(container.id(), describe(container));
		}
		return Map.of("listeners", listeners);
	}

	/**
	 * One listener.
	 * @param id the listener id
	 * @return the listener, or {@code null} (404) if unknown
	 */
	@ReadOperation
	public @Nullable Map<String, Object> listener(@Selector String id) {
		return this.registry.container(id).map(this::describe).orElse(null);
	}

	/**
	 * Pauses or resumes a listener.
	 * @param id the listener id
	 * @param action {@code pause} or {@code resume}
	 * @return the listener after the change, or {@code null} (404) if unknown
	 */
	@WriteOperation
	public @Nullable Map<String, Object> control(@Selector String id, String action) {
		MessageListenerContainer container = this.registry.container(id).orElse(null);
		if (container == null) {
			return null;
		}
		switch (action) {
			case "pause" -> container.pause();
			case "resume" -> container.resume();
			default -> throw new IllegalArgumentException("Unknown action '" + action + "': use pause or resume");
		}
		return describe(container);
	}

	/**
	 * The oldest dead letters of a listener's stream or queue.
	 * @param id the listener id
	 * @param section {@code dead-letters}
	 * @param count how many at most (default 20)
	 * @param after for a stream, the dead-letter id to start after (the last id of the previous page)
	 * @param offset for a queue, how many of the oldest to skip
	 * @return the dead letters per stream or queue, in the same shape for both kinds
	 */
	@ReadOperation
	public @Nullable Map<String, Object> deadLetters(@Selector String id, @Selector String section,
			@Nullable Integer count, @Nullable String after, @Nullable Integer offset) {
		MessageListenerContainer container = deadLetterOwner(id, section);
		if (container == null) {
			return null;
		}
		int limit = (count != null) ? count : DEFAULT_COUNT;
		Map<String, Object> result = new LinkedHashMap<>();
		for (String name : names(container)) {
			result.put(name, (container.kind() == ListenerKind.STREAM) ? this.template.deadLetters(name, after, limit)
					: this.template.queueDeadLetters(name, (offset != null) ? offset : 0, limit));
		}
		return result;
	}

	/**
	 * Moves dead letters of a listener's stream or queue back to it.
	 * @param id the listener id
	 * @param section {@code dead-letters}
	 * @param count how many of the oldest, if no ids are given
	 * @param ids dead-letter ids (streams only)
	 * @return how many were moved per stream or queue
	 */
	@WriteOperation
	public @Nullable Map<String, Object> replay(@Selector String id, @Selector String section,
			@Nullable Integer count, @Nullable List<String> ids) {
		MessageListenerContainer container = deadLetterOwner(id, section);
		if (container == null) {
			return null;
		}
		Map<String, Object> moved = new LinkedHashMap<>();
		for (String name : names(container)) {
			moved.put(name, (ids != null && !ids.isEmpty()) ? this.template.replayDeadLetters(name, ids)
					: this.template.replayDeadLetters(name, (count != null) ? count : DEFAULT_COUNT));
		}
		return Map.of("replayed", moved);
	}

	private @Nullable MessageListenerContainer deadLetterOwner(String id, String section) {
		if (!DEAD_LETTERS.equals(section)) {
			throw new IllegalArgumentException("Unknown section '" + section + "': use " + DEAD_LETTERS);
		}
		MessageListenerContainer container = this.registry.container(id).orElse(null);
		if (container != null && container.kind() == ListenerKind.PUBSUB) {
			throw new IllegalArgumentException("Listener '" + id + "' is a pub/sub listener, which has no dead letters");
		}
		return container;
	}

	@SuppressWarnings("unchecked")
	private static List<String> names(MessageListenerContainer container) {
		Object names = container.status().details().get("names");
		return (names instanceof List<?> list) ? (List<String>) list : List.of();
	}

	private Map<String, Object> describe(MessageListenerContainer container) {
		ListenerStatus status = container.status();
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("kind", status.kind());
		view.put("destination", status.destination());
		view.put("state", status.state());
		if (status.failingSince() != null) {
			view.put("failingSince", status.failingSince().toString());
			view.put("lastError", status.lastError());
		}
		view.putAll(status.details());
		if (this.meters != null) {
			view.put("processed", processCount(status.id(), "success"));
			view.put("failed", processCount(status.id(), "failure") + processCount(status.id(), "decode-failure"));
			view.put("deadLettered",
					(long) Search.in(this.meters).name("redis.messaging.dead-lettered").tag("listener", status.id())
						.counters().stream().mapToDouble((counter) -> counter.count()).sum());
		}
		return view;
	}

	private long processCount(String id, String outcome) {
		return Search.in(this.meters).name("redis.messaging.process").tag("listener", id).tag("outcome", outcome)
			.timers().stream().mapToLong((timer) -> timer.count()).sum();
	}

}

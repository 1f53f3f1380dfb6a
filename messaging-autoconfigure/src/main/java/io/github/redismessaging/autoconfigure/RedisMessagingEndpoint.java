package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.context.annotation.ImportRuntimeHints;

import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.ListenerStatus;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.publish.RedisMessagingTemplate;

import static io.github.redismessaging.autoconfigure.EndpointRequests.invalid;
import static io.github.redismessaging.autoconfigure.EndpointRequests.notFound;
import static io.github.redismessaging.autoconfigure.EndpointRequests.shown;

/**
 * The {@code redismessaging} actuator endpoint, which the operations console reads and acts through:
 * <ul>
 * <li>{@code GET /actuator/redismessaging}: every listener with its state, figures, counts and, with a meter
 * registry, its processed and failed rates over the last 15 minutes ({@code history});</li>
 * <li>{@code GET /actuator/redismessaging/{id}}: one listener;</li>
 * <li>{@code POST /actuator/redismessaging/{id}} with {@code {"action":"pause"}} or {@code "resume"} (this
 * instance), or, for a queue listener, {@code "pause-everywhere"} or {@code "resume-everywhere"} (its queues, for
 * every instance: {@code RedisMessagingTemplate.pauseQueue});</li>
 * <li>{@code GET /actuator/redismessaging/{id}/{section}}, per stream or queue of the listener:
 * <ul>
 * <li>{@code dead-letters?count=20&after=<id>} (streams) or {@code ?count=20&offset=40} (queues): a page of the
 * dead letters, oldest first, each in the {@link DeadLetter} shape for both kinds (written by Boot's endpoint JSON
 * mapper, which leaves out what is {@code null}); {@code ?entry=<id>} finds one by id;</li>
 * <li>{@code pending?count=} (a stream group): the oldest pending entries, with consumer, idle time and
 * deliveries; {@code entries?count=} (streams): the latest entries, or {@code ?entry=<id>} one;
 * {@code info} (streams): length, first and last id, groups and consumers;</li>
 * <li>{@code items?count=}, {@code delayed?count=}, {@code leases?count=} (queues): the next items, the delayed
 * items with their due time, the leased takes with holder and deadline;</li>
 * </ul>
 * </li>
 * <li>{@code POST /actuator/redismessaging/{id}/dead-letters} with {@code {"count":10}}, {@code {"all":true}} or
 * {@code {"ids":["<id>","<id>"]}}: replays them;</li>
 * <li>{@code POST /actuator/redismessaging/{id}/dead-letters} with {@code {"action":"delete","ids":[...]}}:
 * deletes them;</li>
 * <li>{@code POST /actuator/redismessaging/{id}/pending} (a stream group) with
 * {@code {"action":"claim","consumer":"<name>","minIdle":60000,"ids":[...]}} (an entry idle less than
 * {@code minIdle} milliseconds stays) or {@code {"action":"dead-letter","ids":[...]}} (reason
 * {@code operator}).</li>
 * </ul>
 * <p>
 * A partitioned stream listener shows its partitions in {@code partitionDetails} (number, key, owner, whether this
 * instance owns it, and its figures). Its sections cover its logical stream through the template, whose dead letters
 * and pending entries have the ids {@code <partition>:<entry id>} (for {@code after}, {@code entry} and {@code ids});
 * or, given {@code partition} (a number from 0, or a key such as <code>{orders/3}</code>), one partition, as a plain
 * stream named by its key. Looking up an entry by id takes {@code partition}. A {@code partition} for any other
 * listener is rejected.
 * <p>
 * A {@code count} is 1 to 1000 (default 20), an {@code offset} 0 or more, a stream entry id {@code <ms>-<seq>} or
 * {@code <ms>} (unsigned 64-bit numbers), and at most 1000 ids, none blank, are given at once. A request that breaks
 * these rules, names an unknown action or section, or asks a listener for what its kind does not have (a pub/sub
 * listener has no dead letters, a queue no pending entries), is rejected before anything reaches Redis with an
 * {@link InvalidEndpointRequestException}: over the web a 400 whose reason is one line (the {@code message} of
 * Boot's error response, shown with {@code spring.web.error.include-message}), logged at DEBUG at most; over JMX
 * an {@link IllegalArgumentException}. An unknown listener id is a 404, for reads and writes alike: the operations
 * return a {@link WebEndpointResponse} with status 404 and the body {@code {"message":"No listener with id
 * '<id>'"}}, which JMX returns as a map with {@code status} and {@code body}.
 * <p>
 * Boot reads a web request's JSON body as a map of strings, so {@code ids} is a comma-separated string there, or
 * the query parameter {@code ids} once per id; in a Spring MVC application,
 * {@code RedisMessagingEndpointRequestBodyAdvice} joins a JSON array of ids into that string.
 */
@Endpoint(id = "redismessaging")
@ImportRuntimeHints(RedisMessagingEndpointRuntimeHints.class)
public class RedisMessagingEndpoint {

	private static final String DEAD_LETTERS = "dead-letters";


	private static final String PENDING = "pending";

	private static final List<String> STREAM_SECTIONS = List.of(DEAD_LETTERS, PENDING, "entries", "info");

	private static final List<String> QUEUE_SECTIONS = List.of(DEAD_LETTERS, "items", "delayed", "leases");

	/** How many batches of 1000 a replay of all dead letters moves at most, per stream or queue. */
	private static final int REPLAY_ALL_BATCHES = 100;

	private final RedisListenerRegistry registry;

	private final RedisMessagingTemplate template;

	private final ListenerInspection inspection;

	/** Reads and acts on single partitions by their keys, which have the key prefix already. */
	private final RedisMessagingTemplate partitionTemplate;

	private final ListenerInspection partitionInspection;

	private final @Nullable ListenerCounts counts;

	private final @Nullable ListenerActivityHistory history;

	/**
	 * Creates the endpoint.
	 * @param registry the listener registry
	 * @param template reads and acts on the listeners' streams and queues, and on a partition by its key when a
	 * request gives {@code partition}; a partition's key holds the key prefix already, so that only a template without
	 * a prefix finds it (the auto-configured endpoint has one of its own for partitions)
	 * @param meters where listener counts are read from, or {@code null}
	 */
	public RedisMessagingEndpoint(RedisListenerRegistry registry, RedisMessagingTemplate template,
			@Nullable MeterRegistry meters) {
		this(registry, template, template, (meters != null) ? new ListenerCounts(meters) : null, null);
	}

	RedisMessagingEndpoint(RedisListenerRegistry registry, RedisMessagingTemplate template,
			RedisMessagingTemplate partitionTemplate, @Nullable ListenerCounts counts,
			@Nullable ListenerActivityHistory history) {
		this.registry = registry;
		this.template = template;
		this.inspection = new ListenerInspection(template);
		this.partitionTemplate = partitionTemplate;
		this.partitionInspection = new ListenerInspection(partitionTemplate);
		this.counts = counts;
		this.history = history;
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
	 * @return the listener, or a 404 response if the id is unknown
	 */
	@ReadOperation
	public Object listener(@Selector String id) {
		MessageListenerContainer container = this.registry.container(id).orElse(null);
		return (container != null) ? describe(container) : notFound(id);
	}

	/**
	 * Pauses or resumes a listener in this instance, or a queue listener's queues for every instance.
	 * @param id the listener id
	 * @param action {@code pause} or {@code resume}, {@code pause-everywhere} or {@code resume-everywhere}
	 * @return the listener after the change, or a 404 response if the id is unknown
	 * @throws InvalidEndpointRequestException if the action is neither
	 */
	@WriteOperation
	public Object control(@Selector String id, String action) {
		MessageListenerContainer container = this.registry.container(id).orElse(null);
		if (container == null) {
			return notFound(id);
		}
		switch (action) {
			case "pause" -> container.pause();
			case "resume" -> container.resume();
			case "pause-everywhere", "resume-everywhere" -> everywhere(container, action.startsWith("pause"));
			default -> throw invalid("Unknown action " + shown(action)
					+ ": use pause or resume (this instance), pause-everywhere or resume-everywhere (a queue, for "
					+ "every instance)");
		}
		return describe(container);
	}

	/**
	 * Pauses or resumes a queue listener's queues for every consumer, wherever it runs.
	 */
	private void everywhere(MessageListenerContainer container, boolean pause) {
		if (container.kind() != ListenerKind.QUEUE) {
			throw invalid("pause-everywhere and resume-everywhere are for queue listeners; " + shown(container.id())
					+ " is a " + container.kind().propertyName() + " listener");
		}
		for (String name : names(container)) {
			if (pause) {
				this.template.pauseQueue(name);
			}
			else {
				this.template.resumeQueue(name);
			}
		}
	}

	/**
	 * Reads a section of a listener's streams or queues (see the class description).
	 * @param id the listener id
	 * @param section {@code dead-letters}, {@code pending}, {@code entries}, {@code info}, {@code items},
	 * {@code delayed} or {@code leases}
	 * @param count how many at most, 1 to 1000 (default 20)
	 * @param after for a stream's dead letters, the dead-letter id to start after (the last id of the previous page)
	 * @param offset for a queue's dead letters, how many of the oldest to skip
	 * @param entry the id of one dead letter or stream entry to find
	 * @param partition for a partitioned stream listener, the number or key of the partition to read, or
	 * {@code null} for its logical stream
	 * @return the section per stream or queue, or a 404 response if the id is unknown
	 * @throws InvalidEndpointRequestException if the request does not fit the listener (see the class
	 * description)
	 */
	@ReadOperation
	public Object read(@Selector String id, @Selector String section, @Nullable Integer count,
			@Nullable String after, @Nullable Integer offset, @Nullable String entry, @Nullable String partition) {
		MessageListenerContainer container = this.registry.container(id).orElse(null);
		if (container == null) {
			return notFound(id);
		}
		boolean stream = kindFor(container, section) == ListenerKind.STREAM;
		SectionTarget target = target(container, partition);
		int limit = EndpointRequests.count(count);
		if (DEAD_LETTERS.equals(section)) {
			checkPaging(id, stream, after, offset, target);
		}
		else if (after != null || offset != null) {
			throw invalid("after and offset page dead letters, not " + shown(section));
		}
		if (entry != null && !DEAD_LETTERS.equals(section) && !"entries".equals(section)) {
			throw invalid("entry finds one dead letter or stream entry, not in " + shown(section));
		}
		RedisMessagingTemplate template = target.template();
		Map<String, Object> result = new LinkedHashMap<>();
		for (String name : target.names()) {
			result.put(name, switch (section) {
				case DEAD_LETTERS -> (entry != null) ? target.deadLetter(container.kind(), name, entry)
						: stream ? template.deadLetters(name, after, limit)
								: template.queueDeadLetters(name, (offset != null) ? offset : 0, limit);
				case PENDING -> template.pending(name, group(container), limit);
				case "entries" -> target.entries(name, entry, limit);
				case "info" -> template.info(name).orElse(null);
				case "items" -> target.inspection().items(name, limit);
				case "delayed" -> template.delayed(name, limit);
				default -> template.leases(name, limit);
			});
		}
		return OperationResponseBody.of(result);
	}

	/**
	 * What a request works on: the listener's streams or queues, or, given {@code partition}, that partition of a
	 * partitioned stream listener.
	 */
	private SectionTarget target(MessageListenerContainer container, @Nullable String partition) {
		ListenerPartitions partitions = ListenerPartitions.of(container);
		if (partition == null) {
			return new SectionTarget(this.template, this.inspection, names(container), partitions);
		}
		if (partitions == null) {
			throw invalid("partition: listener " + shown(container.id()) + " does not read a partitioned stream");
		}
		return new SectionTarget(this.partitionTemplate, this.partitionInspection, List.of(partitions.key(partition)),
				null);
	}

	private static void checkPaging(String id, boolean stream, @Nullable String after, @Nullable Integer offset,
			SectionTarget target) {
		if (stream && offset != null) {
			throw invalid("offset pages a queue listener's dead letters; for stream listener " + shown(id)
					+ " pass after=<the last id of the previous page>");
		}
		if (!stream && after != null) {
			throw invalid("after pages a stream listener's dead letters; for queue listener " + shown(id)
					+ " pass offset=<how many to skip>");
		}
		if (after != null && target.after(after).isLast()) {
			throw invalid("after: nothing follows " + shown(after) + ", the last possible stream entry id");
		}
		if (offset != null && offset < 0) {
			throw invalid("offset must be 0 or more, was " + offset);
		}
	}

	/**
	 * Replays or deletes dead letters, or claims or dead-letters pending entries (see the class description).
	 * @param id the listener id
	 * @param section {@code dead-letters} or {@code pending}
	 * @param count how many of the oldest dead letters to replay, 1 to 1000 (default 20)
	 * @param all whether to replay every dead letter
	 * @param ids dead-letter ids to replay (streams only), or pending entry ids; at most 1000 (over the web a
	 * comma-separated string, or a JSON array in a Spring MVC application)
	 * @param action for dead letters, {@code delete} (or none, to replay); for pending entries, {@code claim} or
	 * {@code dead-letter}
	 * @param consumer for a claim, the consumer to give the entries to
	 * @param minIdle for a claim, how long in milliseconds an entry must have been idle
	 * @param partition for a partitioned stream listener, the number or key of the partition to act on, or
	 * {@code null} for its logical stream
	 * @return what was done per stream or queue, or a 404 response if the id is unknown
	 * @throws InvalidEndpointRequestException if the request does not fit the listener (see the class
	 * description)
	 */
	@WriteOperation
	public Object write(@Selector String id, @Selector String section, @Nullable Integer count,
			@Nullable Boolean all, @Nullable List<String> ids, @Nullable String action, @Nullable String consumer,
			@Nullable Long minIdle, @Nullable String partition) {
		MessageListenerContainer container = this.registry.container(id).orElse(null);
		if (container == null) {
			return notFound(id);
		}
		boolean stream = kindFor(container, section) == ListenerKind.STREAM;
		SectionTarget target = target(container, partition);
		if (PENDING.equals(section)) {
			return actOnPending(container, target, action, consumer, minIdle, ids, count, all);
		}
		if (!DEAD_LETTERS.equals(section)) {
			throw invalid("Section " + shown(section) + " can only be read");
		}
		if (consumer != null || minIdle != null) {
			throw invalid("consumer and minIdle are for claiming pending entries, not for dead letters");
		}
		if ("delete".equals(action)) {
			if (count != null || all != null) {
				throw invalid("delete takes ids, not count or all");
			}
			List<String> checked = target.ids(ids, stream);
			Map<String, Object> deleted = new LinkedHashMap<>();
			target.names()
				.forEach((name) -> deleted.put(name, target.template().deleteDeadLetters(name, checked)));
			return Map.of("deleted", deleted);
		}
		if (action != null) {
			throw invalid("Unknown action " + shown(action) + " for dead letters: use delete (with ids), or none to "
					+ "replay (with count, all or ids)");
		}
		return Map.of("replayed", replay(container, target, stream, count, Boolean.TRUE.equals(all), ids));
	}

	private Map<String, Object> replay(MessageListenerContainer container, SectionTarget target, boolean stream,
			@Nullable Integer count, boolean all, @Nullable List<String> ids) {
		if ((count != null ? 1 : 0) + (all ? 1 : 0) + (ids != null ? 1 : 0) > 1) {
			throw invalid("Pass one of count, all and ids");
		}
		if (ids != null && !stream) {
			throw invalid("ids are for stream listeners; queue listener " + shown(container.id())
					+ " replays its oldest dead letters: pass count or all");
		}
		List<String> checked = (ids != null) ? target.ids(ids, true) : null;
		int limit = EndpointRequests.count(count);
		RedisMessagingTemplate template = target.template();
		Map<String, Object> moved = new LinkedHashMap<>();
		for (String name : target.names()) {
			if (checked != null) {
				moved.put(name, template.replayDeadLetters(name, checked));
			}
			else if (all) {
				moved.put(name, replayAll(template, name));
			}
			else {
				moved.put(name, template.replayDeadLetters(name, limit));
			}
		}
		return moved;
	}

	private static int replayAll(RedisMessagingTemplate template, String name) {
		int total = 0;
		for (int batch = 0; batch < REPLAY_ALL_BATCHES; batch++) {
			int moved = template.replayDeadLetters(name, EndpointRequests.MAX_COUNT);
			total += moved;
			if (moved < EndpointRequests.MAX_COUNT) {
				break;
			}
		}
		return total;
	}

	private static Map<String, Object> actOnPending(MessageListenerContainer container, SectionTarget target,
			@Nullable String action, @Nullable String consumer, @Nullable Long minIdle, @Nullable List<String> ids,
			@Nullable Integer count, @Nullable Boolean all) {
		if (count != null || all != null) {
			throw invalid("count and all replay dead letters; pending entries take action and ids");
		}
		if (action == null) {
			throw invalid("action: use claim or dead-letter");
		}
		List<String> checked = target.ids(ids, true);
		String group = group(container);
		RedisMessagingTemplate template = target.template();
		Map<String, Object> done = new LinkedHashMap<>();
		if ("claim".equals(action)) {
			if (consumer == null || consumer.isBlank()) {
				throw invalid("consumer: name the consumer to give the entries to");
			}
			if (minIdle == null || minIdle < 0) {
				throw invalid("minIdle: give how long, in milliseconds (0 or more), an entry must have been idle");
			}
			target.names()
				.forEach((name) -> done.put(name,
						template.claim(name, group, consumer, Duration.ofMillis(minIdle), checked)));
			return Map.of("claimed", done);
		}
		if ("dead-letter".equals(action)) {
			target.names()
				.forEach((name) -> done.put(name,
						template.deadLetter(name, group, checked, DeadLetterFields.REASON_OPERATOR)));
			return Map.of("deadLettered", done);
		}
		throw invalid("Unknown action " + shown(action) + ": use claim or dead-letter");
	}

	/**
	 * The kind of a listener asked for a section: {@code STREAM} or {@code QUEUE}, with the section one it has.
	 */
	private static ListenerKind kindFor(MessageListenerContainer container, String section) {
		if (container.kind() == ListenerKind.PUBSUB) {
			throw invalid("Listener " + shown(container.id()) + " is a pub/sub listener, which keeps nothing in Redis");
		}
		List<String> sections = (container.kind() == ListenerKind.STREAM) ? STREAM_SECTIONS : QUEUE_SECTIONS;
		if (!sections.contains(section)) {
			throw invalid("Unknown section " + shown(section) + " for " + container.kind().propertyName()
					+ " listener " + shown(container.id()) + ": use " + String.join(", ", sections));
		}
		if (PENDING.equals(section) && group(container) == null) {
			throw invalid("Stream listener " + shown(container.id()) + " reads without a group: it has no "
					+ section);
		}
		return container.kind();
	}

	private static @Nullable String group(MessageListenerContainer container) {
		Object group = container.status().details().get("group");
		return (group instanceof String name) ? name : null;
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
		if (this.counts != null) {
			view.put("processed", this.counts.processed(status.id()));
			view.put("failed", this.counts.failed(status.id()));
			view.put("deadLettered", this.counts.deadLettered(status.id()));
		}
		if (this.history != null) {
			view.put("history", this.history.of(status.id()));
		}
		return view;
	}

}

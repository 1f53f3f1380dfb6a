package io.github.redismessaging.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.stream.StreamEntryId;
import io.github.redismessaging.stream.StreamRecord;

/**
 * What the endpoint shows of a listener's streams or queues, besides its dead-letter pages: a stream's latest
 * entries or one entry by id, its info and its group's pending entries; a queue's next items, delayed items and
 * leases; one dead letter by id, also among a partitioned stream's. Each result is keyed by stream or queue name,
 * as the dead-letter pages are.
 */
final class ListenerInspection {

	/** How many dead letters of a queue a look-up by id reads at most. */
	static final int QUEUE_LOOKUP_LIMIT = 10_000;

	private static final int LOOKUP_PAGE = 1000;

	private final RedisMessagingTemplate template;

	ListenerInspection(RedisMessagingTemplate template) {
		this.template = template;
	}

	/**
	 * The latest entries of a stream, newest first, or the entry with the given id.
	 */
	List<Map<String, Object>> entries(String stream, @Nullable String id, int count) {
		String exact = (id != null) ? EndpointRequests.streamId("entry", id).toString() : null;
		List<StreamRecord<String>> records = (exact != null) ? this.template.range(stream, exact, exact, 1, String.class)
				: this.template.reverseRange(stream, "+", "-", count, String.class);
		List<Map<String, Object>> entries = new ArrayList<>();
		for (StreamRecord<String> record : records) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("id", record.id());
			entry.put("payload", record.payload());
			entry.put("headers", record.headers());
			entries.add(entry);
		}
		return entries;
	}

	/**
	 * The next items of a queue, in the order they will be taken.
	 */
	List<Map<String, Object>> items(String queue, int count) {
		List<Map<String, Object>> items = new ArrayList<>();
		int position = 1;
		for (String payload : this.template.peek(queue, count, String.class)) {
			items.add(Map.of("position", position++, "payload", payload));
		}
		return items;
	}

	/**
	 * The dead letter with the given id, in a list of one, or none.
	 */
	List<DeadLetter> deadLetter(ListenerKind kind, String name, String id) {
		if (kind == ListenerKind.STREAM) {
			StreamEntryId parsed = EndpointRequests.streamId("entry", id);
			String exact = parsed.toString();
			StreamEntryId before = parsed.previous();
			List<DeadLetter> found = (before != null) ? this.template.deadLetters(name, before.toString(), 1)
					: List.of();
			return found.stream().filter((letter) -> letter.id().equals(exact)).toList();
		}
		for (int offset = 0; offset < QUEUE_LOOKUP_LIMIT; offset += LOOKUP_PAGE) {
			List<DeadLetter> page = this.template.queueDeadLetters(name, offset, LOOKUP_PAGE);
			List<DeadLetter> found = page.stream().filter((letter) -> letter.id().equals(id)).toList();
			if (!found.isEmpty() || page.size() < LOOKUP_PAGE) {
				return found;
			}
		}
		return List.of();
	}

	/**
	 * The dead letter of a partitioned stream with the given id, in a list of one, or none. The template pages the
	 * partitions' dead letters in entry id order, then partition order, so the page of one after the id just
	 * before it in that order holds it if it exists: {@code <partition - 1>:<entry id>}, or, in partition 0, the
	 * entry id before, which starts after it in every partition.
	 */
	List<DeadLetter> deadLetter(String stream, ListenerPartitions.Id id) {
		StreamEntryId before = id.entryId().previous();
		String after = (id.partition() > 0) ? (id.partition() - 1) + ":" + id.entryId()
				: (before != null) ? before.toString() : null;
		if (after == null) {
			return List.of();
		}
		String exact = id.toString();
		return this.template.deadLetters(stream, after, 1)
			.stream()
			.filter((letter) -> letter.id().equals(exact))
			.toList();
	}

}

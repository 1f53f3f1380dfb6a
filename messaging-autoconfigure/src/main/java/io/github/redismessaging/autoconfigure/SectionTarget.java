package io.github.redismessaging.autoconfigure;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.stream.StreamEntryId;

import static io.github.redismessaging.autoconfigure.EndpointRequests.invalid;

/**
 * What a section of the endpoint works on for one request: the names to give the template (a listener's streams
 * or queues, a partitioned listener's logical stream, or one partition's key), the template and inspection that
 * take those names, and how the ids of its dead letters and pending entries read: entry ids, or, for a partitioned
 * listener's logical stream ({@code partitioned} set), {@code <partition>:<entry id>}.
 *
 * @param template the template for the names
 * @param inspection the inspection through that template
 * @param names the streams or queues
 * @param partitioned the partitions whose ids the names' dead letters and pending entries carry, or {@code null}
 */
record SectionTarget(RedisMessagingTemplate template, ListenerInspection inspection, List<String> names,
		@Nullable ListenerPartitions partitioned) {

	/**
	 * Checks where a stream's page of dead letters starts.
	 * @return the entry id to start after
	 */
	StreamEntryId after(String after) {
		return (this.partitioned != null) ? this.partitioned.after(after) : EndpointRequests.streamId("after", after);
	}

	/**
	 * Checks a list of ids as {@link EndpointRequests#ids} does, each an id of this target's dead letters or
	 * pending entries where {@code streamIds}.
	 */
	List<String> ids(@Nullable List<String> ids, boolean streamIds) {
		List<String> checked = EndpointRequests.ids(ids, streamIds && this.partitioned == null);
		if (streamIds && this.partitioned != null) {
			checked.forEach((id) -> this.partitioned.id("ids", id));
		}
		return checked;
	}

	/**
	 * The dead letter with the given id, in a list of one, or none.
	 */
	List<DeadLetter> deadLetter(ListenerKind kind, String name, String id) {
		return (this.partitioned != null) ? this.inspection.deadLetter(name, this.partitioned.id("entry", id))
				: this.inspection.deadLetter(kind, name, id);
	}

	/**
	 * The latest entries of a stream, or the entry with the given id.
	 */
	List<Map<String, Object>> entries(String name, @Nullable String id, int count) {
		if (id != null && this.partitioned != null) {
			throw invalid("entry: entry ids are per partition of a partitioned stream; pass partition too");
		}
		return this.inspection.entries(name, id, count);
	}

}

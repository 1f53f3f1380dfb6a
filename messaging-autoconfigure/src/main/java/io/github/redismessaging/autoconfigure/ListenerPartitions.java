package io.github.redismessaging.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.stream.StreamEntryId;

import static io.github.redismessaging.autoconfigure.EndpointRequests.invalid;
import static io.github.redismessaging.autoconfigure.EndpointRequests.shown;

/**
 * A partitioned stream listener as the endpoint reads it from its status: its logical stream (the first of
 * {@code names}) and its partitions' keys (the {@code key} of each row of {@code partitionDetails}, in partition
 * order). A request names one partition with {@code partition}, by number or by key. The dead letters and pending
 * entries of the logical stream have the template's ids {@code <partition>:<entry id>}.
 */
final class ListenerPartitions {

	private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");

	private static final Pattern ID = Pattern.compile("(\\d{1,9}):(.*)", Pattern.DOTALL);

	private final String stream;

	private final List<String> keys;

	private ListenerPartitions(String stream, List<String> keys) {
		this.stream = stream;
		this.keys = keys;
	}

	/**
	 * The partitions of a listener.
	 * @return the partitions, or {@code null} if the listener does not read a partitioned stream
	 */
	static @Nullable ListenerPartitions of(MessageListenerContainer container) {
		Map<String, Object> details = container.status().details();
		if (!(details.get("partitionDetails") instanceof List<?> rows) || rows.isEmpty()
				|| !(details.get("names") instanceof List<?> names) || names.isEmpty()) {
			return null;
		}
		List<String> keys = new ArrayList<>(rows.size());
		for (Object row : rows) {
			keys.add((row instanceof Map<?, ?> partition) ? String.valueOf(partition.get("key")) : "");
		}
		return new ListenerPartitions(String.valueOf(names.get(0)), keys);
	}

	/**
	 * The key of the partition a request names by its number or its key.
	 * @throws org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException if it names none
	 */
	String key(String partition) {
		if (NUMBER.matcher(partition).matches()) {
			int number = Integer.parseInt(partition);
			if (number < this.keys.size()) {
				return this.keys.get(number);
			}
		}
		else if (this.keys.contains(partition)) {
			return partition;
		}
		throw invalid("partition: " + shown(partition) + " is not a partition of stream " + shown(this.stream)
				+ ": give its number, 0 to " + (this.keys.size() - 1) + ", or its key, such as "
				+ shown(this.keys.get(0)));
	}

	/**
	 * Checks an id of the logical stream's dead letters or pending entries.
	 * @param name the request parameter, for the reason
	 * @param value {@code <partition>:<entry id>}
	 * @return the id, read
	 */
	Id id(String name, String value) {
		Matcher matcher = ID.matcher(value);
		StreamEntryId entryId = matcher.matches() ? StreamEntryId.parse(matcher.group(2)) : null;
		if (entryId == null || Integer.parseInt(matcher.group(1)) >= this.keys.size()) {
			throw invalid(name + ": " + shown(value) + " is not an id of partitioned stream " + shown(this.stream)
					+ " such as 3:1700000000000-0 (partition 0 to " + (this.keys.size() - 1)
					+ "); or pass partition with its entry id");
		}
		return new Id(Integer.parseInt(matcher.group(1)), entryId);
	}

	/**
	 * Checks where a page of the logical stream's dead letters starts: after a dead-letter id
	 * {@code <partition>:<entry id>}, or after an entry id in every partition.
	 * @return the entry id
	 */
	StreamEntryId after(String value) {
		return (value.indexOf(':') >= 0) ? id("after", value).entryId() : EndpointRequests.streamId("after", value);
	}

	/**
	 * An id of the logical stream's dead letters or pending entries, read.
	 *
	 * @param partition the partition number
	 * @param entryId the entry id in that partition
	 */
	record Id(int partition, StreamEntryId entryId) {

		@Override
		public String toString() {
			return this.partition + ":" + this.entryId;
		}

	}

}

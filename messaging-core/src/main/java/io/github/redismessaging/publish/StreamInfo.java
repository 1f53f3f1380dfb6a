package io.github.redismessaging.publish;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A stream and its consumer groups, as {@code XINFO STREAM}, {@code XINFO GROUPS} and {@code XINFO CONSUMERS} show
 * them. Every number is clamped to at least 0; a value Redis did not report or that cannot be read is {@code 0}, or
 * {@code null} where the component says so.
 *
 * @param length the number of entries
 * @param firstEntryId the id of the oldest entry, or {@code null} when the stream is empty
 * @param lastEntryId the id of the newest entry, or {@code null} when the stream is empty
 * @param groups the consumer groups, in the order Redis lists them; a group without a readable name is left out
 */
public record StreamInfo(long length, @Nullable String firstEntryId, @Nullable String lastEntryId,
		List<Group> groups) {

	/**
	 * A consumer group.
	 * <p>
	 * The lag is Redis's with the correction the listeners' lag gauge applies: a lag above 0 while no entry follows
	 * the last delivered id contradicts the group's state (a failover or {@code XGROUP SETID} can leave the counters
	 * behind it wrong), and reads as 0. Where Redis cannot compute the lag (it reports nil, for example after entries
	 * between the last delivered id and the end were deleted), the lag is {@code null}, unknown, unless no entry
	 * follows the last delivered id, which makes it 0. The gauge, which needs a number, shows an unknown lag as 0.
	 *
	 * @param name the group name
	 * @param pending entries delivered to its consumers and not acknowledged
	 * @param lag entries not yet delivered to the group, or {@code null} when unknown
	 * @param lastDeliveredId the id of the last entry delivered to the group, or {@code null} if Redis did not report
	 * a valid one
	 * @param consumers its consumers, in the order Redis lists them; one without a readable name is left out
	 */
	public record Group(String name, long pending, @Nullable Long lag, @Nullable String lastDeliveredId,
			List<Consumer> consumers) {

	}

	/**
	 * A consumer of a group.
	 *
	 * @param name the consumer name
	 * @param pending entries delivered to it and not acknowledged
	 * @param idle how long ago it last tried to read or claim
	 */
	public record Consumer(String name, long pending, Duration idle) {

	}

}

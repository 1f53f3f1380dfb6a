package io.github.redismessaging.publish;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One take of an at-least-once queue under its lease: a batch of items a consumer took into its take
 * list {@code {queue}:take:<take id>}, held until the deadline in {@code {queue}:leases}. A consumer extends the
 * deadline while it works; once the deadline has passed, any listener of the queue returns the items to the queue.
 *
 * @param takeId the take id, {@code <consumer>:<sequence>}
 * @param holder the consumer that took the items, read from the take id; {@code null} when the take id does not
 * have that shape (a take written by another tool)
 * @param deadline when the lease runs out unless it is extended, by the clock of the Redis node
 * @param items how many items the take still holds; 0 when its take list is gone or is not a list
 */
public record QueueLease(String takeId, @Nullable String holder, Instant deadline, long items) {

}

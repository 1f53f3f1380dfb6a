package io.github.redismessaging.publish;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An item waiting in a queue's delayed set {@code {queue}:delayed} until it is due: an item enqueued for later, or a
 * failed one waiting for its retry. It is read leniently, like a dead letter: an element that is not a valid
 * envelope (written by another tool, or damaged) is shown whole as the payload, with an id derived from its bytes
 * ({@code raw:<hash>}), no attempts and no headers.
 *
 * @param id the item id
 * @param due when it is moved to the queue: the score in the delayed set, epoch milliseconds
 * @param payload the payload as text (UTF-8; bytes that are not UTF-8 are replaced)
 * @param attempts how many deliveries of it failed or were lost so far
 * @param headers its headers
 * @param enqueuedAt when it was first enqueued, or {@code null} if unknown
 */
public record DelayedItem(String id, Instant due, String payload, int attempts, Map<String, String> headers,
		@Nullable Instant enqueuedAt) {

}

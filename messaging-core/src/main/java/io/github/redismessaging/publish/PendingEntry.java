package io.github.redismessaging.publish;

import java.time.Duration;

/**
 * An entry that was delivered to a consumer of a group and not yet acknowledged, as {@code XPENDING} shows it.
 *
 * @param id the entry id
 * @param consumer the consumer it was last delivered to
 * @param idle how long ago it was last delivered (or claimed), never negative
 * @param deliveries how many times it was delivered, never negative
 */
public record PendingEntry(String id, String consumer, Duration idle, long deliveries) {

}

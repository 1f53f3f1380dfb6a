package io.github.redismessaging.stream;

import java.time.Instant;
import java.util.Map;

/**
 * An entry of a dead-letter stream: the original fields plus why and when it was given up.
 *
 * @param id the id in the dead-letter stream
 * @param sourceId the id it had in the source stream
 * @param reason why it was dead-lettered: {@code max-deliveries} or {@code decode}
 * @param exception the last exception, {@code class: message}, or {@code null}
 * @param deliveries how many times it was delivered
 * @param listener the listener that gave up on it
 * @param at when it was dead-lettered
 * @param fields the original fields, without the {@code dlq.*} ones
 */
public record DeadLetter(String id, String sourceId, String reason, String exception, long deliveries,
		String listener, Instant at, Map<String, String> fields) {

}

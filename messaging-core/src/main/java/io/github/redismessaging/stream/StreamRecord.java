package io.github.redismessaging.stream;

import java.util.Map;

/**
 * One stream entry read through the template: its id, its decoded payload, its headers ({@code h.*} fields
 * without the prefix) and all its raw fields.
 *
 * @param <T> the payload type
 * @param id the entry id, for example {@code 1700000000000-0}
 * @param payload the decoded {@code payload} field, or {@code null} if the entry has none
 * @param headers the headers
 * @param fields every field as stored
 */
public record StreamRecord<T>(String id, T payload, Map<String, String> headers, Map<String, String> fields) {

}

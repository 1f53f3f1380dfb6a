package io.github.redismessaging.sample;

/**
 * Something an audit trail should record, published on {@code audit.<service>} channels.
 *
 * @param orderId the order concerned
 * @param text what happened
 */
record AuditEvent(String orderId, String text) {
}

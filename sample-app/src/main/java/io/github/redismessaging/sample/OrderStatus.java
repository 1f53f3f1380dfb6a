package io.github.redismessaging.sample;

/**
 * An order's new status, broadcast on the sharded channel {@code order-status}.
 *
 * @param orderId the order
 * @param status for example {@code BILLED}
 */
record OrderStatus(String orderId, String status) {
}

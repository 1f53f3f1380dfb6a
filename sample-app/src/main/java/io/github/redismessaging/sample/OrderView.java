package io.github.redismessaging.sample;

import java.math.BigDecimal;
import java.util.List;

/**
 * What {@code GET /orders/{id}} shows: how far an order got through billing, e-mail and status broadcast.
 *
 * @param id the order id
 * @param state a summary: {@code ACCEPTED}, {@code BILLING_FAILED} (being redelivered), {@code DEAD_LETTERED},
 * {@code BILLED} or {@code COMPLETED} (billed, e-mail sent and status received)
 * @param amount the amount, once known
 * @param billed whether billing succeeded
 * @param billingAttempts how many times billing received the order (stream deliveries, replays included)
 * @param lastError the last billing failure, if any
 * @param emailSent whether the confirmation e-mail job was processed
 * @param status the last status received on the sharded channel {@code order-status}
 * @param audited whether the pattern subscriber on {@code audit.*} received an audit event
 * @param deadLettered whether one of the order's stream entries is in {@code {orders}:dlq} now
 * @param entryIds the stream entries that carried the order (a replay appends a new one)
 * @param history what happened, oldest first
 */
record OrderView(String id, String state, BigDecimal amount, boolean billed, int billingAttempts, String lastError,
		boolean emailSent, String status, boolean audited, boolean deadLettered, List<String> entryIds,
		List<String> history) {

	OrderView withDeadLettered(boolean deadLettered) {
		String summary = (deadLettered && !this.billed) ? "DEAD_LETTERED" : this.state;
		return new OrderView(this.id, summary, this.amount, this.billed, this.billingAttempts, this.lastError,
				this.emailSent, this.status, this.audited, deadLettered, this.entryIds, this.history);
	}

}

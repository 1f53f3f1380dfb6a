package io.github.redismessaging.sample;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * An in-memory record of what happened to each order, fed by the listeners, so that a visitor (or a test) can
 * follow an order through the flow.
 * <p>
 * In memory because it is a demo of one instance: a real service would keep this in its database, since with
 * several instances the listeners of one order may run in different processes.
 */
@Component
class OrderBoard {

	/** Bounds memory if someone floods the demo with orders. */
	private static final int MAX_ORDERS = 10_000;

	private static final int MAX_HISTORY = 50;

	private final Map<String, Progress> orders = new ConcurrentHashMap<>();

	void accepted(Order order, String entryId) {
		progress(order.id()).update((p) -> {
			p.amount = order.amount();
			p.entryIds.add(entryId);
			p.log("accepted as stream entry " + entryId);
		});
	}

	void billingStarted(Order order, String entryId, long delivery) {
		progress(order.id()).update((p) -> {
			p.amount = order.amount();
			p.entryIds.add(entryId);
			p.billingAttempts++;
			p.log("billing: delivery " + delivery + " of entry " + entryId);
		});
	}

	void billingFailed(String orderId, String error) {
		progress(orderId).update((p) -> {
			p.lastError = error;
			p.log("billing failed: " + error);
		});
	}

	void billed(String orderId) {
		progress(orderId).update((p) -> {
			p.billed = true;
			p.log("billed");
		});
	}

	void emailSent(String orderId, String to) {
		progress(orderId).update((p) -> {
			p.emailSent = true;
			p.log("e-mail sent to " + to);
		});
	}

	void statusReceived(String orderId, String status) {
		progress(orderId).update((p) -> {
			p.status = status;
			p.log("status " + status + " received on sharded channel order-status");
		});
	}

	void audited(String orderId, String channel) {
		progress(orderId).update((p) -> {
			p.audited = true;
			p.log("audit event received on " + channel + " (pattern audit.*)");
		});
	}

	Optional<OrderView> view(String orderId) {
		return Optional.ofNullable(this.orders.get(orderId)).map((p) -> p.view(orderId));
	}

	private Progress progress(String orderId) {
		if (this.orders.size() >= MAX_ORDERS && !this.orders.containsKey(orderId)) {
			// Drop the board rather than the messages: it is only a view.
			this.orders.clear();
		}
		return this.orders.computeIfAbsent(orderId, (id) -> new Progress());
	}

	/** One order's progress; listeners of different kinds update it from different threads. */
	private static final class Progress {

		private BigDecimal amount;

		private final Set<String> entryIds = new LinkedHashSet<>();

		private int billingAttempts;

		private String lastError;

		private boolean billed;

		private boolean emailSent;

		private String status;

		private boolean audited;

		private final List<String> history = new ArrayList<>();

		synchronized void update(java.util.function.Consumer<Progress> change) {
			change.accept(this);
		}

		void log(String event) {
			if (this.history.size() < MAX_HISTORY) {
				this.history.add(Instant.now() + " " + event);
			}
		}

		synchronized OrderView view(String id) {
			String state = (this.billed && this.emailSent && this.status != null) ? "COMPLETED"
					: this.billed ? "BILLED" : (this.lastError != null) ? "BILLING_FAILED" : "ACCEPTED";
			return new OrderView(id, state, this.amount, this.billed, this.billingAttempts, this.lastError,
					this.emailSent, this.status, this.audited, false, List.copyOf(this.entryIds),
					List.copyOf(this.history));
		}

	}

}

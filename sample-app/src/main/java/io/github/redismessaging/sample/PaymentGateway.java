package io.github.redismessaging.sample;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A stand-in for a payment provider. While it is "broken" it declines every order posted with
 * {@code "fail":true}; {@link #repair()} stands for fixing the cause, after which replayed dead letters succeed.
 */
@Component
class PaymentGateway {

	private final AtomicBoolean declineFlaggedOrders;

	PaymentGateway(@Value("${sample.payments.decline-flagged-orders:true}") boolean declineFlaggedOrders) {
		this.declineFlaggedOrders = new AtomicBoolean(declineFlaggedOrders);
	}

	/**
	 * Charges an order.
	 * @param order the order
	 * @throws PaymentDeclinedException if the order is flagged to fail and the gateway is not repaired
	 */
	void charge(Order order) {
		if (order.failing() && this.declineFlaggedOrders.get()) {
			throw new PaymentDeclinedException("Payment provider declined order " + order.id());
		}
	}

	/** Makes the gateway accept flagged orders from now on. */
	void repair() {
		this.declineFlaggedOrders.set(false);
	}

	boolean isDecliningFlaggedOrders() {
		return this.declineFlaggedOrders.get();
	}

}

package io.github.redismessaging.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.publish.RedisMessagingTemplate;

/**
 * Bills the orders of the stream {@code orders} in the consumer group {@code billing}, then hands the follow-up
 * work to a queue (the e-mail) and to pub/sub (status and audit).
 * <p>
 * A declined payment propagates: the entry is not acknowledged, pending recovery redelivers it after
 * {@code claimMinIdle}, and after {@code maxDeliveries} it is moved to {@code {orders}:dlq}. The short idle time
 * and the three deliveries only make the demo quick; a real service would keep the defaults, or set
 * {@code claimMinIdle} above its slowest billing call.
 */
@Component
class Billing {

	private static final Log logger = LogFactory.getLog(Billing.class);

	private final PaymentGateway gateway;

	private final RedisMessagingTemplate template;

	private final OrderBoard board;

	Billing(PaymentGateway gateway, RedisMessagingTemplate template, OrderBoard board) {
		this.gateway = gateway;
		this.template = template;
		this.board = board;
	}

	// start = earliest: orders appended before the group first existed (while the service was not deployed yet)
	// are billed too.
	@StreamListener(id = "billing", stream = "orders", group = "billing", maxDeliveries = "3", claimMinIdle = "2s",
			start = "earliest")
	void bill(Order order, @Header(RedisHeaders.ID) String entryId,
			@Header(RedisHeaders.DELIVERY_COUNT) long delivery) {
		this.board.billingStarted(order, entryId, delivery);
		try {
			this.gateway.charge(order);
		}
		catch (PaymentDeclinedException ex) {
			logger.warn("billing: order " + order.id() + " (entry " + entryId + ", delivery " + delivery
					+ ") failed: " + ex.getMessage());
			this.board.billingFailed(order.id(), ex.getMessage());
			throw ex;
		}
		logger.info("billing: order " + order.id() + " billed " + order.amount() + " (entry " + entryId + ")");
		this.board.billed(order.id());
		// The entry is acknowledged only after these return; if the process dies in between, the entry is
		// redelivered and these run again (at least once), which is why the e-mail job carries the order id.
		this.template.enqueue("emails",
				new EmailJob(order.id(), "customer-" + order.id() + "@example.com", "Order " + order.id() + " is paid"));
		this.template.publishSharded("order-status", new OrderStatus(order.id(), "BILLED"));
		this.template.publish("audit.billing", new AuditEvent(order.id(), "billed " + order.amount()));
	}

}

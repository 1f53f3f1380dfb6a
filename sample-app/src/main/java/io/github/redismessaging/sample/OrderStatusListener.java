package io.github.redismessaging.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

import io.github.redismessaging.annotation.RedisSubscriber;

/**
 * Receives order status changes on the sharded channel {@code order-status} (SSUBSCRIBE). In a cluster a sharded
 * message travels only within the shard that owns the channel's slot, instead of being broadcast to every node.
 */
@Component
class OrderStatusListener {

	private static final Log logger = LogFactory.getLog(OrderStatusListener.class);

	private final OrderBoard board;

	OrderStatusListener(OrderBoard board) {
		this.board = board;
	}

	@RedisSubscriber(id = "orderStatus", channels = "order-status", sharded = "true")
	void onStatus(OrderStatus status) {
		logger.info("status: order " + status.orderId() + " is " + status.status());
		this.board.statusReceived(status.orderId(), status.status());
	}

}

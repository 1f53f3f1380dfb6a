package io.github.redismessaging.sample;

import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.publish.RedisMessagingTemplate;

/**
 * Publishes a price tick every second on classic and sharded channels, and subscribes to them.
 */
@Component
class PriceFeed {

	private static final Log logger = LogFactory.getLog(PriceFeed.class);

	private final RedisMessagingTemplate template;

	PriceFeed(RedisMessagingTemplate template) {
		this.template = template;
	}

	@Scheduled(fixedRate = 1000)
	void tick() {
		Price price = new Price("ACME", Math.round(ThreadLocalRandom.current().nextDouble(90, 110) * 100) / 100.0);
		this.template.publish("prices", price);
		this.template.publish("alerts.prices", "ACME moved to " + price.amount());
		this.template.publishSharded("orders.status", new OrderStatus("order-42", "SHIPPED"));
	}

	@RedisSubscriber(id = "prices", channels = "prices")
	void onPrice(Price price) {
		logger.info("price  " + price.symbol() + " " + price.amount());
	}

	@RedisSubscriber(id = "alerts", patterns = "alerts.*")
	void onAlert(String text, @Header(RedisHeaders.CHANNEL) String channel) {
		logger.info("alert  on " + channel + ": " + text);
	}

	@RedisSubscriber(id = "orderStatus", channels = "orders.status", sharded = "true")
	void onStatus(OrderStatus status) {
		logger.info("status " + status.orderId() + " is " + status.status());
	}

	record Price(String symbol, double amount) {
	}

	record OrderStatus(String orderId, String status) {
	}

}

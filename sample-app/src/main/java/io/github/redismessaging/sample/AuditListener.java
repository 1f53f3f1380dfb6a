package io.github.redismessaging.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.listener.RedisHeaders;

/**
 * Receives the audit events of every service through one pattern subscription ({@code PSUBSCRIBE audit.*}); the
 * channel header tells which service published it.
 */
@Component
class AuditListener {

	private static final Log logger = LogFactory.getLog(AuditListener.class);

	private final OrderBoard board;

	AuditListener(OrderBoard board) {
		this.board = board;
	}

	@RedisSubscriber(id = "audit", patterns = "audit.*")
	void onAudit(AuditEvent event, @Header(RedisHeaders.CHANNEL) String channel) {
		logger.info("audit: " + channel + ": order " + event.orderId() + " " + event.text());
		this.board.audited(event.orderId(), channel);
	}

}

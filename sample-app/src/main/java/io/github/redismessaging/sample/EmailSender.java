package io.github.redismessaging.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.listener.RedisHeaders;

/**
 * "Sends" the confirmation e-mails of the queue {@code emails} (it logs them). A failure would be retried after
 * 500 ms, 1 s, ... up to 5 s between attempts, and after 3 attempts the job would go to {@code {emails}:dlq}.
 */
@Component
class EmailSender {

	private static final Log logger = LogFactory.getLog(EmailSender.class);

	private final OrderBoard board;

	EmailSender(OrderBoard board) {
		this.board = board;
	}

	@QueueListener(id = "emails", queue = "emails", maxAttempts = "3", backoff = "500ms,2,5s")
	void send(EmailJob job, @Header(name = RedisHeaders.ATTEMPTS, required = false) Integer attempts) {
		logger.info("e-mail: to " + job.to() + " \"" + job.subject() + "\" (previous attempts: "
				+ ((attempts != null) ? attempts : 0) + ")");
		this.board.emailSent(job.orderId(), job.to());
	}

}

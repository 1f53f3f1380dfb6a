package io.github.redismessaging.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.redismessaging.listener.ListenerConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misconfigured {@code @QueueListener} fails startup naming the bean, the method and the attribute.
 */
class QueueMisconfigurationIT {

	private final ApplicationContextRunner runner = MessagingContextRunners.standalone()
		.withUserConfiguration(QueueTestListeners.Text.class);

	@Test
	void noQueue() {
		this.runner.withPropertyValues("test.queues=").run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessage("@QueueListener 'jobs' (bean 'textQueueListener', method TextQueueListener.on(String, String)): "
					+ "attribute 'queue': the queue to consume is required; set 'queue', or 'queues' for several "
					+ "queues in priority order"));
	}

	@Test
	void badBackoff() {
		this.runner.withPropertyValues("test.queues=q", "redis.messaging.listeners.jobs.backoff=soon")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ListenerConfigurationException.class)
				.hasMessageContaining("attribute 'backoff': 'soon' (from properties redis.messaging.listeners.jobs.*) "
						+ "is not a duration"));
	}

	@Test
	void circularWithSeveralQueues() {
		this.runner.withPropertyValues("test.queues=a,b", "redis.messaging.listeners.jobs.mode=CIRCULAR")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("attribute 'mode': CIRCULAR rotates one list"));
	}

	@Test
	void unknownMode() {
		this.runner.withPropertyValues("test.queues=q", "redis.messaging.listeners.jobs.mode=SOMETIMES")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("attribute 'mode': 'SOMETIMES' (from properties redis.messaging.listeners.jobs.*) "
						+ "is not a valid QueueMode"));
	}

	@Test
	void maxAttemptsBelowOne() {
		this.runner.withPropertyValues("test.queues=q", "redis.messaging.listeners.jobs.max-attempts=0")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("attribute 'maxAttempts': must be at least 1 but is 0"));
	}

}

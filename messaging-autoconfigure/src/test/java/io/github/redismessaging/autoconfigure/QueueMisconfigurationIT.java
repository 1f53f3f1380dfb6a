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
	void backoffMultiplierBelowOne() {
		this.runner.withPropertyValues("test.queues=q", "redis.messaging.listeners.jobs.backoff.multiplier=0.5")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ListenerConfigurationException.class)
				.hasMessageContaining("attribute 'backoff.multiplier': must be at least 1 but is 0.5 (from properties "
						+ "redis.messaging.listeners.jobs.*)"));
	}

	@Test
	void backoffThatIsNotADurationFailsToBind() {
		this.runner.withPropertyValues("test.queues=q", "redis.messaging.listeners.jobs.backoff.delay=soon")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under "
						+ "'redis.messaging.listeners.jobs.backoff.delay' to java.time.Duration"));
	}

	@Test
	void circularWithSeveralQueues() {
		this.runner.withPropertyValues("test.queues=a,b", "redis.messaging.listeners.jobs.mode=CIRCULAR")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("attribute 'mode': CIRCULAR rotates one list"));
	}

	@Test
	void unknownModeFailsToBind() {
		this.runner.withPropertyValues("test.queues=q", "redis.messaging.listeners.jobs.mode=SOMETIMES")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'redis.messaging.listeners.jobs.mode' to "
						+ "io.github.redismessaging.queue.QueueMode"));
	}

	@Test
	void maxAttemptsBelowOne() {
		this.runner.withPropertyValues("test.queues=q", "redis.messaging.listeners.jobs.max-attempts=0")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("attribute 'maxAttempts': must be at least 1 but is 0"));
	}

}

package io.github.redismessaging.autoconfigure;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.queue.QueueMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listener properties bind as Boot binds any properties (enum constants in any case, the backoff block) and reach
 * the listeners' containers.
 */
class ListenerPropertiesIT {

	@Test
	void lowerCaseQueueModeAndABackoffBlockOfAListenerReachItsContainer() {
		MessagingContextRunners.standalone()
			.withUserConfiguration(QueueTestListeners.Text.class)
			.withPropertyValues("test.queues=it.properties." + UUID.randomUUID(),
					"redis.messaging.listeners.jobs.mode=at-most-once",
					"redis.messaging.listeners.jobs.backoff.delay=50ms",
					"redis.messaging.listeners.jobs.backoff.max-delay=1s",
					"redis.messaging.listeners.jobs.backoff.jitter=10ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RedisListenerRegistry registry = context.getBean(RedisListenerRegistry.class);
				assertThat(registry.container("jobs").orElseThrow().status().details()).containsEntry("mode",
						QueueMode.AT_MOST_ONCE);
			});
	}

	@Test
	void lowerCaseAckModeOfTheStreamDefaultsReachesTheListener() {
		MessagingContextRunners.standalone()
			.withUserConfiguration(StreamTestListeners.Text.class)
			.withPropertyValues("test.stream=it.properties." + UUID.randomUUID(), "test.group=g",
					"redis.messaging.stream.defaults.ack-mode=manual")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ListenerConfigurationException.class)
				.hasMessageContaining("@StreamListener 'text'")
				.hasMessageContaining("attribute 'ackMode': MANUAL needs an Acknowledgment parameter"));
	}

}

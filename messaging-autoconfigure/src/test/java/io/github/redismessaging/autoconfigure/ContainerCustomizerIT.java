package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.listener.ListenerContainerSpec;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.RedisListenerContainerCustomizer;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisListenerContainerCustomizer} beans apply to every listener, in order, above the annotation and
 * below the per-listener properties.
 */
class ContainerCustomizerIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	private final String queue = "it.customizer." + UUID.randomUUID();

	private final String stream = "it.customizer." + UUID.randomUUID();

	private final ApplicationContextRunner runner = MessagingContextRunners.standalone()
		.withUserConfiguration(QueueTestListeners.Text.class, StreamTestListeners.Text.class)
		.withPropertyValues("test.queues=" + this.queue, "test.stream=" + this.stream, "test.group=g");

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void customizersApplyInOrderToTheKindsTheyChoose() {
		this.runner
			.withBean("threeQueueWorkers", RedisListenerContainerCustomizer.class, () -> new QueueConcurrency(1, "3"))
			.withBean("fourQueueWorkers", RedisListenerContainerCustomizer.class, () -> new QueueConcurrency(2, "4"))
			.run((context) -> {
				assertThat(concurrency(context, "jobs")).isEqualTo(4);
				assertThat(concurrency(context, "text")).isEqualTo(1);
				redis.commands().lpush(this.queue, "customized");
				Processed processed = context.getBean("processed", Processed.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> processed.payloads.containsValue("customized"));
			});
	}

	@Test
	void theListenersPropertiesWinOverACustomizer() {
		this.runner
			.withBean("threeQueueWorkers", RedisListenerContainerCustomizer.class, () -> new QueueConcurrency(1, "3"))
			.withPropertyValues("redis.messaging.listeners.jobs.concurrency=2")
			.run((context) -> assertThat(concurrency(context, "jobs")).isEqualTo(2));
	}

	@Test
	void anUnknownAttributeFailsAtStartupNamingTheCustomizer() {
		this.runner
			.withBean("typo", RedisListenerContainerCustomizer.class,
					() -> (container) -> container.set("concurency", "3"))
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ListenerConfigurationException.class)
				.hasMessageContaining("the container customizer 'typo' set the unknown attribute 'concurency'")
				.hasMessageContaining("known attributes: [")
				.hasMessageContaining("concurrency"));
	}

	@Test
	void anInvalidValueFailsLikeAnyOtherNamingItsSource() {
		this.runner
			.withBean("bad", RedisListenerContainerCustomizer.class, () -> new QueueConcurrency(1, "many"))
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("attribute 'concurrency': 'many' (from container customizer 'bad')"));
	}

	private static int concurrency(AssertableApplicationContext context, String id) {
		return (int) context.getBean(RedisListenerRegistry.class)
			.container(id)
			.orElseThrow()
			.status()
			.details()
			.get("concurrency");
	}

	/** Sets the concurrency of every queue listener. */
	private record QueueConcurrency(int order, String concurrency) implements RedisListenerContainerCustomizer, Ordered {

		@Override
		public void customize(ListenerContainerSpec container) {
			if (container.kind() == ListenerKind.QUEUE) {
				container.set("concurrency", this.concurrency);
			}
		}

		@Override
		public int getOrder() {
			return this.order;
		}

	}

}

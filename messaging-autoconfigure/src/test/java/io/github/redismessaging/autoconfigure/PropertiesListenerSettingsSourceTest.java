package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.listener.ListenerContainerFactory;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.support.RetryBackOff;
import io.github.redismessaging.metrics.MessagingMetrics;
import io.github.redismessaging.queue.QueueContainerFactory;
import io.github.redismessaging.queue.QueueMode;
import io.github.redismessaging.stream.AckMode;
import io.github.redismessaging.stream.StreamContainerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Bound properties become the attribute layers of the listeners they configure, resolved as the annotation
 * post-processor resolves them: built-in defaults, kind defaults, annotation, per-listener properties.
 */
class PropertiesListenerSettingsSourceTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class)
		.withPropertyValues("redis.messaging.stream.defaults.ack-mode=manual",
				"redis.messaging.stream.defaults.backoff.multiplier=3",
				"redis.messaging.stream.defaults.not-retryable=java.lang.IllegalArgumentException,"
						+ "java.lang.IllegalStateException",
				"redis.messaging.queue.defaults.mode=at-most-once",
				"redis.messaging.queue.defaults.backoff.max-delay=5m",
				"redis.messaging.listeners.orders.backoff.delay=250ms",
				"redis.messaging.listeners.orders.backoff.jitter=50ms",
				"redis.messaging.listeners.orders.retries=2",
				"redis.messaging.listeners.jobs.mode=circular",
				"redis.messaging.listeners.jobs.backoff.delay=2s",
				"redis.messaging.listeners.jobs.queues=a,b");

	@Test
	void eachSetPropertyBecomesTheAttributeOfTheSameName() {
		this.runner.run((context) -> {
			PropertiesListenerSettingsSource source = source(context.getBean(RedisMessagingProperties.class));
			assertThat(source.kindDefaults(ListenerKind.STREAM)).containsOnly(entry("ackMode", "MANUAL"),
					entry("backoff.multiplier", "3.0"),
					entry("notRetryable", "java.lang.IllegalArgumentException,java.lang.IllegalStateException"));
			assertThat(source.kindDefaults(ListenerKind.QUEUE)).containsOnly(entry("mode", "AT_MOST_ONCE"),
					entry("backoff.maxDelay", "PT5M"));
			assertThat(source.kindDefaults(ListenerKind.PUBSUB)).isEmpty();
			assertThat(source.listenerOverrides("orders")).containsOnly(entry("backoff.delay", "PT0.25S"),
					entry("backoff.jitter", "PT0.05S"), entry("retries", "2"));
			assertThat(source.listenerOverrides("jobs")).containsOnly(entry("mode", "CIRCULAR"),
					entry("backoff.delay", "PT2S"), entry("queues", "a,b"));
			assertThat(source.listenerOverrides("unknown")).isEmpty();
			assertThat(source.overriddenListenerIds()).containsExactly("orders", "jobs");
		});
	}

	@Test
	void eachPartOfTheBackoffComesFromTheHighestLayerThatSetsIt() {
		this.runner.run((context) -> {
			PropertiesListenerSettingsSource source = source(context.getBean(RedisMessagingProperties.class));
			ListenerAttributes orders = resolve(source, ListenerKind.STREAM, "orders", Map.of("stream", "orders"));
			assertThat(orders.get("ackMode", AckMode.class)).isEqualTo(AckMode.MANUAL);
			assertThat(orders.getInt("retries", 0)).isEqualTo(2);
			assertThat(RetryBackOff.from(orders)).isEqualTo(new RetryBackOff(Duration.ofMillis(250), 3.0,
					Duration.ofSeconds(30), Duration.ofMillis(50)));
			ListenerAttributes jobs = resolve(source, ListenerKind.QUEUE, "jobs",
					Map.of("queue", "jobs", "backoff", "500ms,4"));
			assertThat(jobs.get("mode", QueueMode.class)).isEqualTo(QueueMode.CIRCULAR);
			assertThat(RetryBackOff.from(jobs)).isEqualTo(new RetryBackOff(Duration.ofSeconds(2), 4.0,
					Duration.ofMinutes(5), Duration.ZERO));
		});
	}

	@Test
	void errorMessagesNameTheLayerAndTheProperty() {
		PropertiesListenerSettingsSource source = source(new RedisMessagingProperties());
		String overrides = source.describeListenerOverrides("jobs");
		assertThat(overrides).isEqualTo("properties redis.messaging.listeners.jobs.*");
		assertThat(PropertiesListenerSettingsSource.propertyName(overrides, "backoff.maxDelay"))
			.isEqualTo("redis.messaging.listeners.jobs.backoff.max-delay");
		assertThat(PropertiesListenerSettingsSource.propertyName(source.describeKindDefaults(ListenerKind.STREAM),
				"ackMode"))
			.isEqualTo("redis.messaging.stream.defaults.ack-mode");
		assertThat(PropertiesListenerSettingsSource.propertyName("annotation", "ackMode")).isNull();
	}

	private static PropertiesListenerSettingsSource source(RedisMessagingProperties properties) {
		return new PropertiesListenerSettingsSource(properties);
	}

	private static ListenerAttributes resolve(PropertiesListenerSettingsSource source, ListenerKind kind, String id,
			Map<String, String> annotation) {
		ListenerContainerFactory factory = (kind == ListenerKind.STREAM)
				? new StreamContainerFactory(null, MessagingMetrics.none(), KeyNames.NO_PREFIX)
				: new QueueContainerFactory(null, MessagingMetrics.none(), KeyNames.NO_PREFIX);
		return ListenerAttributes.builder(id)
			.layer("built-in default", factory.defaultAttributes())
			.layer(source.describeKindDefaults(kind), source.kindDefaults(kind))
			.layer("annotation", annotation)
			.layer(source.describeListenerOverrides(id), source.listenerOverrides(id))
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RedisMessagingProperties.class)
	static class PropertiesConfiguration {

	}

}

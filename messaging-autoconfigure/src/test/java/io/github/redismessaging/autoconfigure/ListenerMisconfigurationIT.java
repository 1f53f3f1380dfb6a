package io.github.redismessaging.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.listener.RedisListenerRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Misconfiguration common to every listener kind, unresolvable placeholders and overrides of listeners that do
 * not exist, fails startup with a message naming what is wrong and where.
 */
class ListenerMisconfigurationIT {

	// As in an application: Boot's placeholder configurer fails on unresolvable placeholders.
	private final ApplicationContextRunner runner = MessagingContextRunners.standalone()
		.withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class));

	@Test
	void unresolvablePlaceholderNamesTheListenerAndTheAttribute() {
		this.runner.withUserConfiguration(UnresolvableQueue.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessage("@QueueListener 'jobs' (bean 'unresolvableQueueBean', method UnresolvableQueueBean.on(String)): "
					+ "attribute 'queue': could not resolve placeholder 'undefined.property' in value "
					+ "\"${undefined.property}\""));
	}

	@Test
	void unresolvablePlaceholderInAnArrayAttribute() {
		this.runner.withUserConfiguration(UnresolvableChannel.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessage("@RedisSubscriber 'unresolvableChannelBean-on' (bean 'unresolvableChannelBean', "
					+ "method UnresolvableChannelBean.on(String)): attribute 'channels': could not resolve placeholder "
					+ "'undefined.channel' in value \"${undefined.channel}\""));
	}

	@Test
	void unresolvablePlaceholderInTheIdNamesTheBeanAndMethod() {
		this.runner.withUserConfiguration(UnresolvableId.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessage("@StreamListener (bean 'unresolvableIdBean', method UnresolvableIdBean.on(String)): "
					+ "attribute 'id': could not resolve placeholder 'undefined.id' in value \"${undefined.id}\""));
	}

	@Test
	void overridesOfAnUnknownListenerIdFailAndListTheKnownIds() {
		this.runner.withUserConfiguration(KnownListeners.class)
			.withPropertyValues("app.listener-id=jobs", "redis.messaging.listeners.jbos.concurrency=2",
					"redis.messaging.listeners.orders.concurrency=2")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ListenerConfigurationException.class)
				.hasMessage("properties redis.messaging.listeners.jbos.*: no listener has the id 'jbos'; "
						+ "known listener ids: [jobs, orders]"));
	}

	@Test
	void everyUnknownListenerIdIsListed() {
		this.runner.withUserConfiguration(KnownListeners.class)
			.withPropertyValues("app.listener-id=jobs", "redis.messaging.listeners.ordres.concurrency=2",
					"redis.messaging.listeners.jbos.concurrency=2")
			.run((context) -> assertThat(context).getFailure()
				.hasMessage("properties redis.messaging.listeners.jbos.*: no listener has the id 'jbos'; "
						+ "properties redis.messaging.listeners.ordres.*: no listener has the id 'ordres'; "
						+ "known listener ids: [jobs, orders]"));
	}

	@Test
	void overridesMatchIdsResolvedFromPlaceholders() {
		this.runner.withUserConfiguration(KnownListeners.class)
			.withPropertyValues("app.listener-id=jobs", "redis.messaging.listeners.jobs.concurrency=2",
					"redis.messaging.listeners.orders.concurrency=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RedisListenerRegistry registry = context.getBean(RedisListenerRegistry.class);
				assertThat(registry.container("jobs").orElseThrow().status().details()).containsEntry("concurrency", 2);
				assertThat(registry.container("orders").orElseThrow().status().details())
					.containsEntry("concurrency", 3);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UnresolvableQueue {

		@Bean
		UnresolvableQueueBean unresolvableQueueBean() {
			return new UnresolvableQueueBean();
		}

	}

	static class UnresolvableQueueBean {

		@QueueListener(id = "jobs", queue = "${undefined.property}")
		void on(String item) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnresolvableChannel {

		@Bean
		UnresolvableChannelBean unresolvableChannelBean() {
			return new UnresolvableChannelBean();
		}

	}

	static class UnresolvableChannelBean {

		@RedisSubscriber(channels = { "it.known", "${undefined.channel}" })
		void on(String message) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnresolvableId {

		@Bean
		UnresolvableIdBean unresolvableIdBean() {
			return new UnresolvableIdBean();
		}

	}

	static class UnresolvableIdBean {

		@StreamListener(id = "${undefined.id}", stream = "it.unresolvable-id", group = "g")
		void on(String entry) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class KnownListeners {

		@Bean
		KnownListenersBean knownListenersBean() {
			return new KnownListenersBean();
		}

	}

	static class KnownListenersBean {

		@RedisSubscriber(id = "${app.listener-id}", channels = "it.known.jobs")
		void jobs(String message) {
		}

		@RedisSubscriber(id = "orders", channels = "it.known.orders")
		void orders(String message) {
		}

	}

}

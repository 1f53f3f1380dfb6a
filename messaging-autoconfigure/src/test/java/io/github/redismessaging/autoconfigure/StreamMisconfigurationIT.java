package io.github.redismessaging.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.listener.Acknowledgment;
import io.github.redismessaging.listener.ListenerConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misconfigured {@code @StreamListener} fails startup naming the bean, the method and the attribute.
 */
class StreamMisconfigurationIT {

	private final ApplicationContextRunner runner = MessagingContextRunners.standalone()
		.withUserConfiguration(Listeners.class);

	@Test
	void noStream() {
		this.runner.withPropertyValues("test.enabled=noStream").run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessage("@StreamListener 'noStream' (bean 'noStreamBean', method NoStreamBean.on(String)): "
					+ "attribute 'stream': the stream to consume is required"));
	}

	@Test
	void badStartId() {
		this.runner.withPropertyValues("test.enabled=badStart").run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("@StreamListener 'badStart' (bean 'badStartBean', method BadStartBean.on(String))")
			.hasMessageContaining("attribute 'start': 'yesterday' (from annotation) is not a start position"));
	}

	@Test
	void manualWithoutAcknowledgment() {
		this.runner.withPropertyValues("test.enabled=manual").run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("@StreamListener 'manual' (bean 'manualBean', method ManualBean.on(String))")
			.hasMessageContaining("attribute 'ackMode': MANUAL needs an Acknowledgment parameter"));
	}

	@Test
	void acknowledgmentWithoutManual() {
		this.runner.withPropertyValues("test.enabled=auto").run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("@StreamListener 'auto' (bean 'autoBean', method AutoBean.on(String, Acknowledgment))")
			.hasMessageContaining("only works with MANUAL, but ackMode is AUTO"));
	}

	@Test
	void maxDeliveriesBelowOne() {
		this.runner.withPropertyValues("test.enabled=maxDeliveries").run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("@StreamListener 'maxDeliveries' (bean 'maxDeliveriesBean', method "
					+ "MaxDeliveriesBean.on(String))")
			.hasMessageContaining("attribute 'maxDeliveries': must be at least 1 but is 0 (from annotation)"));
	}

	@Test
	void deadLetterStreamInAnotherSlot() {
		this.runner.withPropertyValues("test.enabled=deadLetter").run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("attribute 'deadLetter': stream 'failed-orders' does not hash to the slot of 'orders'"));
	}

	@Test
	void keyOrderingOfABatchListener() {
		this.runner.withPropertyValues("test.enabled=batchOrdered").run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("@StreamListener 'batchOrdered' (bean 'batchOrderedBean', method BatchOrderedBean.on(")
			.hasMessageContaining("attribute 'ordering': KEY runs the entries of a key one at a time, but a batch "
					+ "listener (a List parameter) gets many entries in one call; take one entry per call, or use NONE"));
	}

	@Test
	void keyOrderingWhoseBackoffWaitsOutlastClaimMinIdle() {
		this.runner.withPropertyValues("test.enabled=slowOrdered", "redis.messaging.listeners.slowOrdered.backoff.delay=10s")
			.run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("@StreamListener 'slowOrdered'")
			.hasMessageContaining("attribute 'claimMinIdle': with ordering KEY a failing entry holds its key for its 5 "
					+ "deliveries, and their backoff waits alone take up to PT1M30S, not less than claimMinIdle (PT30S)"));
	}

	@Test
	void partitionsWithoutAGroupOrWithAHashTagOrTooMany() {
		this.runner.withPropertyValues("test.enabled=partitionsWithoutGroup")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("attribute 'partitions': a partitioned stream is consumed by a group: set "
						+ "'group', or remove 'partitions' to read one stream key"));
		this.runner.withPropertyValues("test.enabled=partitionsWithHashTag")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("attribute 'partitions': stream '{orders}' has a hash tag"));
		this.runner.withPropertyValues("test.enabled=partitionsWithoutGroup",
				"redis.messaging.listeners.partitionsWithoutGroup.group=g",
				"redis.messaging.listeners.partitionsWithoutGroup.partitions=2000")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("attribute 'partitions': must be at most 1024 but is 2000"));
		this.runner.withPropertyValues("test.enabled=partitionsWithoutGroup",
				"redis.messaging.listeners.partitionsWithoutGroup.group=g",
				"redis.messaging.listeners.partitionsWithoutGroup.partition-lease=500ms")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("attribute 'partitionLease': must be at least 1s but is PT0.5S"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		@ConditionalOnProperty(name = "test.enabled", havingValue = "noStream")
		NoStreamBean noStreamBean() {
			return new NoStreamBean();
		}

		@Bean
		@ConditionalOnProperty(name = "test.enabled", havingValue = "slowOrdered")
		SlowOrderedBean slowOrderedBean() {
			return new SlowOrderedBean();
		}

		@Bean
		@ConditionalOnProperty(name = "test.enabled", havingValue = "partitionsWithoutGroup")
		PartitionsWithoutGroupBean partitionsWithoutGroupBean() {
			return new PartitionsWithoutGroupBean();
		}

		@Bean
		@ConditionalOnProperty(name = "test.enabled", havingValue = "partitionsWithHashTag")
		PartitionsWithHashTagBean partitionsWithHashTagBean() {
			return new PartitionsWithHashTagBean();
		}

		@Bean
		@ConditionalOnProperty(name = "test.enabled", havingValue = "badStart")
		BadStartBean badStartBean() {
			return new BadStartBean();
		}

		@Bean
		@ConditionalOnProperty(name = "test.enabled", havingValue = "manual")
		ManualBean manualBean() {
			return new ManualBean();
		}

		@Bean
		@ConditionalOnProperty(name = "test.enabled", havingValue = "auto")
		AutoBean autoBean() {
			return new AutoBean();
		}

		@Bean
		@ConditionalOnProperty(name = "test.enabled", havingValue = "maxDeliveries")
		MaxDeliveriesBean maxDeliveriesBean() {
			return new MaxDeliveriesBean();
		}

		@Bean
		@ConditionalOnProperty(name = "test.enabled", havingValue = "deadLetter")
		DeadLetterBean deadLetterBean() {
			return new DeadLetterBean();
		}

		@Bean
		@ConditionalOnProperty(name = "test.enabled", havingValue = "batchOrdered")
		BatchOrderedBean batchOrderedBean() {
			return new BatchOrderedBean();
		}

	}

	static class NoStreamBean {

		@StreamListener(id = "noStream", group = "g")
		void on(String payload) {
		}

	}

	static class BadStartBean {

		@StreamListener(id = "badStart", stream = "orders", group = "g", start = "yesterday")
		void on(String payload) {
		}

	}

	static class ManualBean {

		@StreamListener(id = "manual", stream = "orders", group = "g", ackMode = "MANUAL")
		void on(String payload) {
		}

	}

	static class AutoBean {

		@StreamListener(id = "auto", stream = "orders", group = "g")
		void on(String payload, Acknowledgment ack) {
		}

	}

	static class MaxDeliveriesBean {

		@StreamListener(id = "maxDeliveries", stream = "orders", group = "g", maxDeliveries = "0")
		void on(String payload) {
		}

	}

	static class DeadLetterBean {

		@StreamListener(id = "deadLetter", stream = "orders", group = "g", deadLetter = "failed-orders")
		void on(String payload) {
		}

	}

	static class BatchOrderedBean {

		@StreamListener(id = "batchOrdered", stream = "orders", group = "g", ordering = "KEY")
		void on(List<String> payloads) {
		}

	}

	static class SlowOrderedBean {

		@StreamListener(id = "slowOrdered", stream = "orders", group = "g", ordering = "KEY")
		void on(String payload) {
		}

	}

	static class PartitionsWithoutGroupBean {

		@StreamListener(id = "partitionsWithoutGroup", stream = "orders", partitions = "4")
		void on(String payload) {
		}

	}

	static class PartitionsWithHashTagBean {

		@StreamListener(id = "partitionsWithHashTag", stream = "{orders}", group = "g", partitions = "4")
		void on(String payload) {
		}

	}

}

package io.github.redismessaging.autoconfigure;

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

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		@ConditionalOnProperty(name = "test.enabled", havingValue = "noStream")
		NoStreamBean noStreamBean() {
			return new NoStreamBean();
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

}

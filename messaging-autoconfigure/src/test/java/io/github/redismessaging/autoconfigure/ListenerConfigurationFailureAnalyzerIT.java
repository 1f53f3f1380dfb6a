package io.github.redismessaging.autoconfigure;

import java.util.Objects;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import io.github.redismessaging.annotation.StreamListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener misconfiguration is reported as Boot reports a startup failure: what is wrong, where the value came
 * from and the valid values.
 */
class ListenerConfigurationFailureAnalyzerIT {

	private static final String LISTENER = "@StreamListener 'orders' (bean 'ordersListener', method "
			+ "OrdersListener.on(String))";

	private final ApplicationContextRunner runner = MessagingContextRunners.standalone()
		.withUserConfiguration(Listeners.class);

	@Test
	void badAckModeFromAListenerPropertyFailsToBindAndBootListsTheAckModes() {
		this.runner.withPropertyValues("redis.messaging.listeners.orders.ack-mode=SOMETIMES").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.startsWith("Failed to bind properties under 'redis.messaging.listeners.orders.ack-mode' to "
						+ "io.github.redismessaging.stream.AckMode")
				.contains("Value: \"SOMETIMES\"");
			assertThat(analysis.getAction()).contains("AUTO", "MANUAL", "NONE");
		});
	}

	@Test
	void badPartOfAListenersBackoffNamesItsProperty() {
		this.runner.withPropertyValues("redis.messaging.listeners.orders.backoff.multiplier=0.5").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("A Redis listener is misconfigured: " + LISTENER
					+ ": attribute 'backoff.multiplier': must be at least 1 but is 0.5 (from properties "
					+ "redis.messaging.listeners.orders.*)\n\nThe value of 'backoff.multiplier' came from the property "
					+ "redis.messaging.listeners.orders.backoff.multiplier.");
			assertThat(analysis.getAction()).isEqualTo("Set 'backoff.multiplier' to a number of at least 1, such as 2 "
					+ "in the property redis.messaging.listeners.orders.backoff.multiplier.");
		});
	}

	@Test
	void badStartFromTheKindDefaultsNamesTheDefaultsProperty() {
		this.runner.withPropertyValues("redis.messaging.stream.defaults.start=yesterday").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).startsWith("A Redis listener is misconfigured: " + LISTENER
					+ ": attribute 'start': 'yesterday' (from properties redis.messaging.stream.defaults.*)")
				.endsWith("The value of 'start' came from the property redis.messaging.stream.defaults.start.");
			assertThat(analysis.getAction()).isEqualTo("Set 'start' to one of: latest ($), earliest (0), an entry id "
					+ "such as 1700000000000-0 in the property redis.messaging.stream.defaults.start.");
		});
	}

	@Test
	void badValueFromTheAnnotationNamesTheAnnotationAttribute() {
		this.runner.withPropertyValues("app.auto-startup=sometimes").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.endsWith("The value of 'autoStartup' came from the annotation attribute 'autoStartup'.");
			assertThat(analysis.getAction())
				.isEqualTo("Set 'autoStartup' to one of: true, false in the annotation attribute 'autoStartup'.");
		});
	}

	@Test
	void aProblemThatIsNotOneAttributeIsReportedAsItIs() {
		this.runner.withPropertyValues("redis.messaging.listeners.ordres.concurrency=2").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("A Redis listener is misconfigured: properties "
					+ "redis.messaging.listeners.ordres.*: no listener has the id 'ordres'; known listener ids: [orders]");
			assertThat(analysis.getAction()).isEqualTo("Correct the listener as the description says.");
		});
	}

	/**
	 * Analyzes a failure as Boot's {@code FailureAnalyzers} does: the first analyzer registered in
	 * {@code spring.factories} that has an analysis wins. Analyzers that need the failed context's bean factory
	 * are skipped.
	 */
	private static FailureAnalysis analyze(Throwable failure) {
		assertThat(failure).isNotNull();
		return SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, FailureHandler.handleMessage((message, ex) -> {
			}))
			.stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no failure analysis for " + failure));
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		OrdersListener ordersListener() {
			return new OrdersListener();
		}

	}

	static class OrdersListener {

		@StreamListener(id = "orders", stream = "it.analyzer.orders", group = "g",
				autoStartup = "${app.auto-startup:true}")
		void on(String payload) {
		}

	}

}

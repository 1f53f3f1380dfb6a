package io.github.redismessaging.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The minimal Spring Boot application the starter's contenders run in: auto-configuration plus the listeners.
 * With {@code -Dbench.meters=true} it also has a meter registry, as an application with Actuator would, and with
 * {@code -Dbench.observations=true} an observation registry that records every observation as a timer, so that
 * the cost of metrics and observations can be measured.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StarterApplication {

	@Bean
	TallyBoard tallyBoard() {
		return new TallyBoard();
	}

	@Bean
	StarterListeners starterListeners(TallyBoard tallyBoard) {
		return new StarterListeners(tallyBoard);
	}

	/** A meter registry, only with {@code bench.meters=true}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bench.meters")
	static class Meters {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	/** Observations recorded as timers, only with {@code bench.observations=true}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bench.observations")
	static class Observations {

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meterRegistry) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
			return registry;
		}

	}

}

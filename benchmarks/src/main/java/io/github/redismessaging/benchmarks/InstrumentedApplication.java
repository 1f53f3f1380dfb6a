package io.github.redismessaging.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The starter's stream listener ({@link TallyListener}) as an application with Actuator runs it: a meter
 * registry, and an observation registry whose {@link DefaultMeterObservationHandler} records observations as timers
 * (as Boot configures it).
 * {@code redis.messaging.observation-enabled} decides which of the two times each message: the plain timer
 * ("with meters") or the observation ("with meters + observations"). Each runs in a context of its own, beside the
 * uninstrumented {@link StarterApplication}, so that the same run compares all of them with the hand-written loop.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TallyListener.class)
public class InstrumentedApplication {

	/** Stream of the listener with meters only. */
	public static final String STREAM_METERS = "bench:starter:stream:meters";

	/** Stream of the listener with meters and observations. */
	public static final String STREAM_OBSERVED = "bench:starter:stream:observed";

	/** The listener's id, the same in both contexts. */
	public static final String LISTENER_ID = "stream-instrumented";

	@Bean
	TallyBoard tallyBoard() {
		return new TallyBoard();
	}

	@Bean
	SimpleMeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	/**
	 * Observations recorded as timers. With {@code -Dbench.longTaskTimer=false} the handler makes no long-task
	 * timer, as with Boot's {@code management.metrics.observations.ignored-meters=long-task-timer}.
	 */
	@Bean
	ObservationRegistry observationRegistry(MeterRegistry meterRegistry,
			@Value("${bench.longTaskTimer:true}") boolean longTaskTimer) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(longTaskTimer ? new DefaultMeterObservationHandler(meterRegistry)
					: new DefaultMeterObservationHandler(meterRegistry, IgnoredMeters.LONG_TASK_TIMER));
		return registry;
	}

}

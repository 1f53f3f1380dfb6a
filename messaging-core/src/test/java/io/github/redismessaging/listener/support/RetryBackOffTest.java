package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.listener.ListenerConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryBackOffTest {

	@Test
	void delaysGrowByTheMultiplierUpToTheMaximum() {
		RetryBackOff backOff = backOff(Map.of());
		assertThat(backOff).isEqualTo(new RetryBackOff(Duration.ofMillis(100), 2.0, Duration.ofMillis(500),
				Duration.ZERO));
		assertThat(backOff.delayMillis(1)).isEqualTo(100);
		assertThat(backOff.delayMillis(2)).isEqualTo(200);
		assertThat(backOff.delayMillis(3)).isEqualTo(400);
		assertThat(backOff.delayMillis(4)).isEqualTo(500);
		assertThat(backOff.delayMillis(1000)).isEqualTo(500);
		assertThat(backOff.start().nextBackOff()).isEqualTo(100);
	}

	@Test
	void jitterSpreadsEachDelayWithinItsScaledRange() {
		RetryBackOff backOff = backOff(Map.of(RetryBackOff.JITTER, "50ms"));
		assertThat(backOff.jitter()).isEqualTo(Duration.ofMillis(50));
		// the jitter grows with the delay: 50 ms around 100 ms, 100 ms around 200 ms; never below the first delay
		// nor above the maximum
		assertThat(samples(backOff, 1)).allSatisfy((delay) -> assertThat(delay).isBetween(100L, 150L))
			.hasSizeGreaterThan(1);
		assertThat(samples(backOff, 2)).allSatisfy((delay) -> assertThat(delay).isBetween(100L, 300L))
			.hasSizeGreaterThan(1);
		assertThat(samples(backOff, 4)).allSatisfy((delay) -> assertThat(delay).isBetween(100L, 500L));
	}

	@Test
	void multiplierBelowOneIsRejectedNamingItsSource() {
		assertThatThrownBy(() -> backOff(Map.of(RetryBackOff.MULTIPLIER, "0.5")))
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessage("@QueueListener 'jobs': attribute 'backoff.multiplier': must be at least 1 but is 0.5 "
					+ "(from properties redis.messaging.listeners.jobs.*)");
	}

	@Test
	void negativeDelayIsRejected() {
		assertThatThrownBy(() -> backOff(Map.of(RetryBackOff.MAX_DELAY, "-1s")))
			.hasMessageContaining("attribute 'backoff.maxDelay': must not be negative but is PT-1S");
	}

	private static Set<Long> samples(RetryBackOff backOff, int retry) {
		Set<Long> delays = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			delays.add(backOff.delayMillis(retry));
		}
		return delays;
	}

	private static RetryBackOff backOff(Map<String, String> overrides) {
		Map<String, String> defaults = new HashMap<>();
		defaults.put(RetryBackOff.DELAY, "100ms");
		defaults.put(RetryBackOff.MULTIPLIER, "2");
		defaults.put(RetryBackOff.MAX_DELAY, "500ms");
		defaults.put(RetryBackOff.JITTER, "0ms");
		return RetryBackOff.from(ListenerAttributes.builder("@QueueListener 'jobs'")
			.layer("built-in default", defaults)
			.layer("properties redis.messaging.listeners.jobs.*", overrides)
			.build());
	}

}

package io.github.redismessaging.queue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.ListenerAttributes;

import static org.assertj.core.api.Assertions.assertThat;

class QueueSettingsTest {

	@Test
	void retriesBackOffAsTheShorthandAndTheOverridingPartsSay() {
		QueueSettings settings = settings(Map.of("backoff.maxDelay", "PT0.3S"));
		assertThat(settings.backoffMillis(1)).isEqualTo(100);
		assertThat(settings.backoffMillis(2)).isEqualTo(200);
		assertThat(settings.backoffMillis(3)).isEqualTo(300);
	}

	@Test
	void retriesOfManyItemsFailingAtOnceAreSpreadByTheJitter() {
		QueueSettings settings = settings(Map.of("backoff.jitter", "PT0.05S"));
		Set<Long> delays = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			delays.add(settings.backoffMillis(1));
		}
		assertThat(delays).hasSizeGreaterThan(1).allSatisfy((delay) -> assertThat(delay).isBetween(100L, 150L));
	}

	@Test
	void builtInBackoffIsOneSecondDoublingUpToAMinute() {
		QueueSettings settings = QueueSettings.from("c", ListenerAttributes.builder("@QueueListener 'jobs'")
			.layer("built-in default", QueueSettings.DEFAULTS)
			.layer("annotation", Map.of("queue", "jobs"))
			.build(), KeyNames.NO_PREFIX);
		assertThat(settings.backoffMillis(1)).isEqualTo(1000);
		assertThat(settings.backoffMillis(2)).isEqualTo(2000);
		assertThat(settings.backoffMillis(20)).isEqualTo(60000);
	}

	private static QueueSettings settings(Map<String, String> overrides) {
		return QueueSettings.from("c", ListenerAttributes.builder("@QueueListener 'jobs'")
			.layer("built-in default", QueueSettings.DEFAULTS)
			.layer("annotation", Map.of("queue", "jobs", "backoff", "100ms,2"))
			.layer("properties redis.messaging.listeners.jobs.*", overrides)
			.build(), KeyNames.NO_PREFIX);
	}

}

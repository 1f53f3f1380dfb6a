package io.github.redismessaging.queue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.listener.ListenerConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RateLimitTest {

	private static final String OWNER = "@QueueListener 'jobs' (bean 'jobListener', method JobListener.on(String))";

	@ParameterizedTest
	@CsvSource(delimiter = ';', value = { "100/1s; 100; PT1S", "50/500ms; 50; PT0.5S", "' 1000/1m '; 1000; PT1M",
			"1/PT2H; 1; PT2H", "3/1ms; 3; PT0.001S" })
	void readsACountAndAWindow(String text, int count, Duration window) {
		assertThat(RateLimit.from(attributes(text))).isEqualTo(new RateLimit(count, window));
	}

	@Test
	void anEmptyAttributeIsNoLimit() {
		assertThat(RateLimit.from(attributes(""))).isNull();
		assertThat(RateLimit.from(ListenerAttributes.builder(OWNER).build())).isNull();
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';', value = { "100; is not <count>/<duration>, such as 100/1s",
			"100/; is not <count>/<duration>", "/1s; is not <count>/<duration>", "-5/1s; is not <count>/<duration>",
			"100/1; is not <count>/<duration>", "100 / 1s; is not <count>/<duration>",
			"1.5/1s; is not <count>/<duration>", "99999999999/1s; is not <count>/<duration>",
			"0/1s; allows no item; the count must be at least 1",
			"100/1x; has no valid duration after the slash", "100/soon; has no valid duration after the slash",
			"100/0s; has a window shorter than 1ms", "100/-1s; has a window shorter than 1ms",
			"100/1us; has a window shorter than 1ms" })
	void aBadValueFailsNamingTheListenerTheMethodAndTheAttribute(String text, String problem) {
		assertThatExceptionOfType(ListenerConfigurationException.class).isThrownBy(() -> RateLimit.from(attributes(text)))
			.withMessageStartingWith(OWNER + ": attribute 'rateLimit': '" + text + "' (from annotation) ")
			.withMessageContaining(problem);
	}

	@Test
	void aCircularListenerCannotBeRateLimited() {
		ListenerAttributes attributes = ListenerAttributes.builder(OWNER)
			.layer("built-in default", QueueSettings.DEFAULTS)
			.layer("annotation", Map.of("queue", "jobs", "mode", "CIRCULAR", "rateLimit", "10/1s"))
			.build();
		assertThatExceptionOfType(ListenerConfigurationException.class)
			.isThrownBy(() -> QueueSettings.from("c", attributes, KeyNames.NO_PREFIX))
			.withMessageStartingWith(OWNER + ": attribute 'rateLimit': CIRCULAR rotates the list");
	}

	@Test
	void theSettingsCarryTheLimitAndNoneByDefault() {
		ListenerAttributes limited = ListenerAttributes.builder(OWNER)
			.layer("built-in default", QueueSettings.DEFAULTS)
			.layer("annotation", Map.of("queue", "jobs", "rateLimit", "10/1s"))
			.layer("properties redis.messaging.listeners.jobs.*", Map.of("rateLimit", "50/1s"))
			.build();
		assertThat(QueueSettings.from("c", limited, KeyNames.NO_PREFIX).rateLimit())
			.isEqualTo(new RateLimit(50, Duration.ofSeconds(1)));
		ListenerAttributes unlimited = ListenerAttributes.builder(OWNER)
			.layer("built-in default", QueueSettings.DEFAULTS)
			.layer("annotation", Map.of("queue", "jobs"))
			.build();
		assertThat(QueueSettings.from("c", unlimited, KeyNames.NO_PREFIX).rateLimit()).isNull();
	}

	private static ListenerAttributes attributes(String text) {
		return ListenerAttributes.builder(OWNER).layer("annotation", Map.of("rateLimit", text)).build();
	}

}

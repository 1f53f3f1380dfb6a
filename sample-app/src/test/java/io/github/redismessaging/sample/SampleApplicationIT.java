package io.github.redismessaging.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample starts on its own embedded Redis, and its subscribers receive the published ticks.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationIT {

	@Test
	void startsOnEmbeddedRedisAndReceivesMessages(CapturedOutput output) {
		try (ConfigurableApplicationContext context = SampleApplication.create().run()) {
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(output.getOut())
				.contains("Started an embedded Redis 7")
				.contains("price  ACME")
				.contains("alert  on alerts.prices: ACME moved to")
				.contains("status order-42 is SHIPPED"));
		}
	}

}

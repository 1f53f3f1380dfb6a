package io.github.redismessaging.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RawCommandRatesTest {

	@Test
	void readsTheRateFromRedisBenchmarkCsvOutput() {
		String output = """
				"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
				"XADD s * payload x","41666.67","0.076","0.024","0.071","0.135","0.167","0.247"
				""";
		assertThat(RawCommandRates.requestsPerSecond(output)).isEqualTo(41666.67);
	}

	@Test
	void failsWithTheOutputWhenThereIsNoRate() {
		assertThatIllegalStateException().isThrownBy(() -> RawCommandRates.requestsPerSecond("Could not connect"))
			.withMessageContaining("Could not connect");
	}

}

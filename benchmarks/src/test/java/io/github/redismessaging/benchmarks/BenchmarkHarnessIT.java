package io.github.redismessaging.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Runs every scenario with tiny sizes against a real {@code redis-server}: the harness must produce a table with
 * every contender, lose nothing, and write the Markdown and CSV files. It checks the harness, not the numbers.
 */
class BenchmarkHarnessIT {

	private static final List<String> STREAM_CONTENDERS = List.of(Names.STREAM_STARTER_C1, Names.STREAM_STARTER_C4,
			Names.STREAM_STARTER_METERS, Names.STREAM_STARTER_OBSERVED, Names.STREAM_LOOP, Names.STREAM_LOOP_ASYNC,
			Names.STREAM_SDR_ACK, Names.STREAM_SDR_AUTOACK, Names.STREAM_REDISSON);

	/** In table order: the streams drained, the streams end to end, then queues and pub/sub. */
	private static final List<String> CONTENDERS = Stream.of(STREAM_CONTENDERS, STREAM_CONTENDERS, List.of(
			Names.QUEUE_ALO_C1, Names.QUEUE_ALO_C4, Names.QUEUE_AMO_C1, Names.QUEUE_AMO_C4,
			Names.QUEUE_BRPOP, Names.QUEUE_BLMOVE, Names.QUEUE_REFERENCE, Names.QUEUE_REDISSON, Names.PUBSUB_STARTER,
			Names.PUBSUB_STARTER_EVENT_LOOP, Names.PUBSUB_LETTUCE, Names.PUBSUB_SDR, Names.PUBSUB_REDISSON))
		.flatMap(List::stream)
		.toList();

	@Test
	void smokeRunHasEveryContenderAndLosesNothing() throws Exception {
		Path results = Path.of("target", "benchmark-smoke");
		BenchmarkConfig config = BenchmarkConfig.smoke(results);

		BenchmarkReport report = assertTimeoutPreemptively(Duration.ofSeconds(60),
				() -> new BenchmarkHarness(config, (line) -> { }).run());
		ReportWriter.write(report, results);

		assertThat(report.throughput()).extracting(ThroughputRow::contender).containsExactlyElementsOf(CONTENDERS);
		assertThat(report.throughput()).allSatisfy((row) -> {
			assertThat(row.lost()).as(row.contender() + " lost").isZero();
			assertThat(row.runs()).isEqualTo(config.runs());
			assertThat(row.median()).as(row.contender() + " msgs/s").isPositive();
		});
		assertThat(report.latency()).hasSize(3).allSatisfy((row) -> {
			assertThat(row.lost()).isZero();
			assertThat(row.p99()).isPositive();
		});
		assertThat(report.memory()).hasSize(2).allSatisfy((row) -> assertThat(row.lost()).isZero());
		assertThat(report.partitioned()).singleElement().satisfies((row) -> {
			assertThat(row.throughput().lost()).isZero();
			assertThat(row.throughput().median()).isPositive();
			assertThat(row.masterCpuMillis()).hasSize(3);
		});
		assertThat(report.targets()).isNotEmpty();
		// redis-benchmark is optional (Debian's redis-tools): measured where installed, skipped otherwise.
		assertThat(report.raw()).hasSize(RawCommandRates.executable().isPresent() ? 8 : 0)
			.allSatisfy((row) -> assertThat(row.requestsPerSecond()).isPositive());

		String markdown = Files.readString(results.resolve("benchmark-results.md"));
		String csv = Files.readString(results.resolve("benchmark-results.csv"));
		Stream.concat(CONTENDERS.stream(), Stream.of(Names.PARTITIONED_STARTER)).forEach((name) -> {
			assertThat(markdown).contains("| " + name + " |");
			assertThat(csv).contains("\"" + name + "\"");
		});
	}

}

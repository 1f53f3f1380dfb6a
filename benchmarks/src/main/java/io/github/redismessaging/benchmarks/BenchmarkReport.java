package io.github.redismessaging.benchmarks;

import java.util.List;

/**
 * Everything one run measured.
 * @param config the sizes used
 * @param throughput one row per scenario and contender
 * @param latency one row per annotation
 * @param memory one row per backlog
 * @param raw the server's raw command rates by {@code redis-benchmark}, empty where it is not installed
 * @param partitioned the partitioned stream on the cluster, empty where it did not run
 * @param targets the targets, evaluated on this run's numbers
 * @param seconds wall time of the run
 */
public record BenchmarkReport(BenchmarkConfig config, List<ThroughputRow> throughput, List<LatencyRow> latency,
		List<MemoryRow> memory, List<RawRateRow> raw, List<PartitionedRow> partitioned, List<Target> targets,
		double seconds) {

	/**
	 * Finds a throughput row.
	 * @param scenario the scenario
	 * @param contender the contender
	 * @return the row
	 */
	public ThroughputRow row(String scenario, String contender) {
		return this.throughput.stream()
			.filter((r) -> r.scenario().equals(scenario) && r.contender().equals(contender))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(scenario + " / " + contender));
	}

	/**
	 * The baseline row of a scenario: the faster (by median) of its hand-written Lettuce loops, which the ratios
	 * are relative to.
	 * @param scenario the scenario
	 * @return the row
	 */
	public ThroughputRow baseline(String scenario) {
		return Names.baselines(scenario)
			.stream()
			.map((contender) -> row(scenario, contender))
			.max(java.util.Comparator.comparingDouble(ThroughputRow::median))
			.orElseThrow();
	}

}

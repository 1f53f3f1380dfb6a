package io.github.redismessaging.benchmarks;

import java.nio.file.Path;
import java.util.Set;

/**
 * Sizes of one benchmark run.
 * @param streamMessages backlog per stream run
 * @param queueMessages backlog per queue run
 * @param pubsubMessages messages published per pub/sub run
 * @param partitionedMessages entries appended per run of the partitioned stream on the cluster
 * @param latencyMessages messages per annotation in the latency scenario
 * @param latencyRate msgs/s of the latency scenario
 * @param memoryEntries backlog drained in the memory scenario (0 to skip it)
 * @param rawRequests requests per command and setting of the raw {@code redis-benchmark} rates
 * @param warmups rounds discarded
 * @param runs rounds measured
 * @param forkMemoryProbe whether the memory probe runs in its own JVM
 * @param memoryXmx {@code -Xmx} of the memory probe JVM
 * @param results directory for the Markdown and CSV files
 * @param scenarios which scenarios to run: {@code raw} ({@code redis-benchmark}, where installed), {@code streams},
 * {@code streams-e2e}, {@code queues}, {@code pubsub}, {@code latency}, {@code partitioned} (a cluster of its own),
 * {@code memory}
 */
public record BenchmarkConfig(int streamMessages, int queueMessages, int pubsubMessages, int partitionedMessages,
		int latencyMessages, int latencyRate, int memoryEntries, int rawRequests, int warmups, int runs,
		boolean forkMemoryProbe, String memoryXmx, Path results, Set<String> scenarios) {

	/** Every scenario, in the order they run. */
	public static final Set<String> ALL = Set.of("raw", "streams", "streams-e2e", "queues", "pubsub", "latency",
			"partitioned", "memory");

	/**
	 * Whether a scenario is selected.
	 * @param scenario the scenario
	 * @return whether to run it
	 */
	public boolean runs(String scenario) {
		return this.scenarios.contains(scenario);
	}

	/**
	 * The warm-up rounds of the partitioned stream: one more than the others', since its producer JVM and the cluster
	 * client's code start cold.
	 * @return rounds discarded
	 */
	public int partitionedWarmups() {
		return this.warmups + 1;
	}

	/**
	 * The full run (~7 minutes on 2 cores): 1 warm-up and 5 measured rounds, 1,000,000-entry memory backlogs.
	 * @param results where to write the tables
	 * @return the configuration
	 */
	public static BenchmarkConfig full(Path results) {
		return new BenchmarkConfig(100_000, 30_000, 100_000, 100_000, 5_000, 1_000, 1_000_000, 200_000, 1, 5, true,
				"256m", results, ALL);
	}

	/**
	 * Tiny sizes for the smoke test: every scenario and contender, one round, the memory probe in-process.
	 * @param results where to write the tables
	 * @return the configuration
	 */
	public static BenchmarkConfig smoke(Path results) {
		return new BenchmarkConfig(300, 200, 300, 300, 100, 1_000, 500, 1_000, 0, 1, false, "256m", results, ALL);
	}

	/**
	 * Reads {@code bench.profile} ({@code full} or {@code smoke}) and {@code bench.results}, and lets
	 * {@code bench.<component>} system properties override single sizes (for example {@code -Dbench.runs=5},
	 * {@code -Dbench.scenarios=streams,latency}).
	 * @return the configuration
	 */
	public static BenchmarkConfig fromSystemProperties() {
		Path results = Path.of(System.getProperty("bench.results", "results"));
		BenchmarkConfig base = "smoke".equals(System.getProperty("bench.profile")) ? smoke(results) : full(results);
		return new BenchmarkConfig(Integer.getInteger("bench.streamMessages", base.streamMessages()),
				Integer.getInteger("bench.queueMessages", base.queueMessages()),
				Integer.getInteger("bench.pubsubMessages", base.pubsubMessages()),
				Integer.getInteger("bench.partitionedMessages", base.partitionedMessages()),
				Integer.getInteger("bench.latencyMessages", base.latencyMessages()),
				Integer.getInteger("bench.latencyRate", base.latencyRate()),
				Integer.getInteger("bench.memoryEntries", base.memoryEntries()),
				Integer.getInteger("bench.rawRequests", base.rawRequests()),
				Integer.getInteger("bench.warmups", base.warmups()), Integer.getInteger("bench.runs", base.runs()),
				Boolean.parseBoolean(System.getProperty("bench.forkMemoryProbe", Boolean.toString(base.forkMemoryProbe()))),
				System.getProperty("bench.memoryXmx", base.memoryXmx()), results,
				Set.of(System.getProperty("bench.scenarios", String.join(",", ALL)).split(",")));
	}

}

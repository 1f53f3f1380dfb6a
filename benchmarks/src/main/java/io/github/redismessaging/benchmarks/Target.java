package io.github.redismessaging.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One target of the benchmarks issue, checked against the numbers of the same run.
 * @param description what is compared
 * @param measured the measured value, as printed
 * @param goal the goal, as printed
 * @param met whether the goal is met
 */
public record Target(String description, String measured, String goal, boolean met) {

	/**
	 * Evaluates every target that the run measured.
	 * @param report the run's numbers (targets not yet filled in)
	 * @return the targets
	 */
	static List<Target> evaluate(BenchmarkReport report) {
		List<Target> targets = new ArrayList<>();
		ratio(targets, report, Names.STREAMS, Names.STREAM_STARTER_C1, null, 1.2);
		ratio(targets, report, Names.STREAMS, Names.STREAM_STARTER_C1, Names.STREAM_SDR_ACK, 5);
		// Instrumented as with Actuator, each message timed once, by its observation.
		ratio(targets, report, Names.STREAMS, Names.STREAM_STARTER_OBSERVED, null, 1.1);
		ratio(targets, report, Names.STREAMS_END_TO_END, Names.STREAM_STARTER_C1, null, 1.2);
		clientCpu(targets, report, Names.STREAMS, Names.STREAM_STARTER_C1, 1.3);
		clientCpu(targets, report, Names.STREAMS_END_TO_END, Names.STREAM_STARTER_C1, 1.3);
		ratio(targets, report, Names.QUEUES, Names.QUEUE_ALO_C1, Names.QUEUE_BLMOVE, 3);
		// Leases must cost little next to taking without any: same run, same backlog, one worker each.
		ratio(targets, report, Names.QUEUES, Names.QUEUE_ALO_C1, Names.QUEUE_AMO_C1, 0.8);
		redisCpu(targets, report, Names.QUEUES, Names.QUEUE_ALO_C1, 5);
		redisCpu(targets, report, Names.QUEUES, Names.QUEUE_ALO_C4, 5);
		ratio(targets, report, Names.QUEUES, Names.QUEUE_AMO_C1, Names.QUEUE_BRPOP, 1.5);
		ratio(targets, report, Names.PUBSUB, Names.PUBSUB_STARTER, null, 0.9);
		clientCpu(targets, report, Names.PUBSUB, Names.PUBSUB_STARTER, 1.3);
		ratio(targets, report, Names.PUBSUB, Names.PUBSUB_STARTER_EVENT_LOOP, null, 0.9);
		clientCpu(targets, report, Names.PUBSUB, Names.PUBSUB_STARTER_EVENT_LOOP, 1.3);
		ratio(targets, report, Names.PUBSUB, Names.PUBSUB_STARTER, Names.PUBSUB_SDR, 10);
		report.throughput()
			.stream()
			.filter((row) -> row.contender().startsWith(Names.PUBSUB_STARTER))
			.forEach((row) -> targets.add(
					new Target(row.contender() + " loses nothing", row.lost() + " lost", "0 lost", row.lost() == 0)));
		for (PartitionedRow row : report.partitioned()) {
			// The issue: the partitions must spread the load evenly over the masters.
			targets.add(new Target(row.throughput().scenario() + ": Redis CPU per master, max/min",
					String.format(Locale.ROOT, "%.2f", row.spread()), "≤ 1.25", row.spread() <= 1.25));
		}
		for (LatencyRow row : report.latency()) {
			if (!row.annotation().startsWith("@RedisSubscriber")) {
				targets.add(new Target(row.annotation() + " p99 at " + row.rate() + " msgs/s",
						String.format("%.2f ms", row.p99()), "< 5 ms", row.p99() < 5));
			}
		}
		for (MemoryRow row : report.memory()) {
			targets.add(new Target(String.format("heap high-water (after GC) draining %,d: %s", row.entries(),
					row.backlog()), String.format("%.0f MB", row.peakAfterGcMb()), "< 256 MB",
					row.peakAfterGcMb() < 256 && row.lost() == 0));
		}
		return targets;
	}

	/**
	 * Redis's own CPU time per message drained (INFO cpu, mean of the measured runs) at most {@code goalMicros}:
	 * the server's single thread makes its inverse the ceiling of every consumer of one queue or stream.
	 */
	private static void redisCpu(List<Target> targets, BenchmarkReport report, String scenario, String contender,
			double goalMicros) {
		if (report.throughput().stream().noneMatch((row) -> row.scenario().equals(scenario))) {
			return;
		}
		double micros = report.row(scenario, contender).redisCpuMicrosPerMessage();
		targets.add(new Target(contender + ": Redis CPU per message", String.format(Locale.ROOT, "%.2f µs", micros),
				String.format(Locale.ROOT, "≤ %.0f µs", goalMicros), micros <= goalMicros));
	}

	/**
	 * The contender's msgs/s (median) at least {@code goal} times the other's; {@code other} null: the scenario's
	 * baseline, the faster hand-written loop.
	 */
	private static void ratio(List<Target> targets, BenchmarkReport report, String scenario, String contender,
			@Nullable String other, double goal) {
		if (report.throughput().stream().noneMatch((row) -> row.scenario().equals(scenario))) {
			return;
		}
		ThroughputRow base = (other != null) ? report.row(scenario, other) : report.baseline(scenario);
		double ratio = report.row(scenario, contender).median() / base.median();
		targets.add(new Target(scenario + ": " + contender + " vs " + base.contender(), String.format("%.2f×", ratio),
				String.format("≥ %.1f×", goal), ratio >= goal));
	}

	/**
	 * The contender's client CPU per message (mean of the measured runs) at most {@code goal} times the baseline's.
	 */
	private static void clientCpu(List<Target> targets, BenchmarkReport report, String scenario, String contender,
			double goal) {
		if (report.throughput().stream().noneMatch((row) -> row.scenario().equals(scenario))) {
			return;
		}
		ThroughputRow base = report.baseline(scenario);
		double ratio = report.row(scenario, contender).clientCpuMicrosPerMessage() / base.clientCpuMicrosPerMessage();
		targets.add(new Target(scenario + ": " + contender + " client CPU per message vs " + base.contender(),
				String.format(Locale.ROOT, "%.2f×", ratio), String.format(Locale.ROOT, "≤ %.1f×", goal),
				ratio <= goal));
	}

}

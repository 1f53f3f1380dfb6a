package io.github.redismessaging.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link BenchmarkReport} as Markdown (also printed to the console) and as CSV. */
public final class ReportWriter {

	private ReportWriter() {
	}

	/**
	 * Renders the Markdown tables.
	 * @param report the run
	 * @return Markdown text
	 */
	public static String markdown(BenchmarkReport report) {
		BenchmarkConfig config = report.config();
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"Throughput: median of %d runs after %d warm-up round(s), contenders in turns; min–max in brackets.%n"
						+ "Drain scenarios: backlogs of %,d stream entries / %,d queue items are produced before the"
						+ " clock starts (pipelined XADD / LPUSH of the same ~100-byte payloads and queue envelopes for"
						+ " every contender). End to end (streams, end to end; pub/sub): %,d stream entries / %,d"
						+ " messages are appended or published at full speed, pipelined on one connection, by a"
						+ " producer in a JVM of its own while the contender consumes; the clock runs from the start"
						+ " to the last message received. Ratio: to the faster of the scenario's hand-written Lettuce"
						+ " loops in this run. Redis commands / msg: INFO commandstats, which counts the commands a"
						+ " script calls as well as the script itself (drain scenarios only). Redis CPU / msg: the"
						+ " server's own CPU time (INFO cpu) per message, producing included end to end. Client CPU /"
						+ " msg: this JVM's CPU time (all threads) per message; one contender runs at a time and every"
						+ " producer runs before the clock or in its own JVM, so it is that contender's own cost.%n%n",
				config.runs(), config.warmups(), config.streamMessages(), config.queueMessages(),
				config.streamMessages(), config.pubsubMessages()));
		out.append("| scenario | contender | msgs/s (median) | min–max | ratio to hand-written loop | lost | duplicates "
				+ "| Redis commands / msg | Redis CPU µs / msg | client CPU µs / msg |\n");
		out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (ThroughputRow row : report.throughput()) {
			double ratio = row.median() / report.baseline(row.scenario()).median();
			out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f–%,.0f | %.2f× | %d | %d | %s | %s | %s |%n",
					row.scenario(), row.contender(), row.median(), row.min(), row.max(), ratio, row.lost(),
					row.duplicates(), formatOr(row.commandsPerMessage(), "%.3f", "–"),
					formatOr(row.redisCpuMicrosPerMessage(), "%.2f", "–"),
					formatOr(row.clientCpuMicrosPerMessage(), "%.2f", "–")));
		}
		partitioned(out, report);
		out.append(String.format(Locale.ROOT, "%nLatency: single messages paced at the given rate, send time in "
				+ "the payload to the listener call, same JVM.%n%n"));
		out.append("| listener | messages | rate (msgs/s) | p50 ms | p99 ms | p99.9 ms | max ms | lost |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (LatencyRow row : report.latency()) {
			out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.2f | %.2f | %.2f | %.2f | %d |%n",
					row.annotation(), row.messages(), row.rate(), row.p50(), row.p99(), row.p999(), row.max(),
					row.lost()));
		}
		if (!report.memory().isEmpty()) {
			out.append(String.format(Locale.ROOT, "%nMemory: the starter drains a backlog already in Redis, in %s."
					+ "%n%n", report.memory().get(0).forked() ? "its own JVM with -Xmx" + config.memoryXmx()
							: "the benchmark's JVM (not isolated)"));
			out.append("| backlog | entries | msgs/s (incl. start-up) | heap after GC, high-water | heap sampled, "
					+ "high-water | max heap | lost |\n");
			out.append("|---|---:|---:|---:|---:|---:|---:|\n");
			for (MemoryRow row : report.memory()) {
				out.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.0f MB | %.0f MB | %.0f MB | %d |%n",
						row.backlog(), row.entries(), row.rate(), row.peakAfterGcMb(), row.peakSampledMb(),
						row.maxHeapMb(), row.lost()));
			}
		}
		if (!report.raw().isEmpty()) {
			out.append(String.format(Locale.ROOT, "%nRaw command rates: redis-benchmark against the same server, "
					+ "~100-byte values, the ceiling without a client library.%n%n"));
			out.append("| command | clients | pipeline | requests/s |\n|---|---:|---:|---:|\n");
			for (RawRateRow row : report.raw()) {
				out.append(String.format(Locale.ROOT, "| %s | %d | %d | %,.0f |%n", row.command(), row.clients(),
						row.pipeline(), row.requestsPerSecond()));
			}
		}
		out.append("\nTargets, checked on this run's numbers (throughput: ratios of medians; Redis CPU: mean of the "
				+ "measured runs):\n\n| target | measured | goal | met |\n|---|---:|---:|---|\n");
		for (Target target : report.targets()) {
			out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", target.description(),
					target.measured(), target.goal(), target.met() ? "yes" : "**no**"));
		}
		out.append(String.format(Locale.ROOT, "%nRun time: %.0f s, %d cores, %s %s.%n", report.seconds(),
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.version")));
		return out.toString();
	}

	/** Renders the table of the partitioned stream, if it ran. */
	private static void partitioned(StringBuilder out, BenchmarkReport report) {
		if (report.partitioned().isEmpty()) {
			return;
		}
		BenchmarkConfig config = report.config();
		out.append(String.format(Locale.ROOT, "%nPartitioned stream on the embedded cluster (3 masters, 1 replica "
				+ "each; %d partitions, 4 per master), end to end, median of %d runs after %d warm-up rounds: the"
				+ " producer JVM appends %,d entries with random record keys, each to its key's partition (CRC32 mod"
				+ " %d), while one instance of the listener consumes all partitions. Redis CPU / msg: the masters'"
				+ " (INFO cpu), and the replicas' apart. Per master: its CPU time in a run (mean of the runs), and the"
				+ " largest over the smallest; the issue asks for ≤ 1.25. On 2 cores the six servers, the producer and"
				+ " the listener share the cores, so the rate does not grow with the masters: the even spread is the"
				+ " point.%n%n", PartitionedApplication.PARTITIONS, config.runs(), config.partitionedWarmups(),
				config.partitionedMessages(), PartitionedApplication.PARTITIONS));
		out.append("| scenario | contender | msgs/s (median) | min–max | lost | duplicates | Redis CPU µs / msg, "
				+ "masters | Redis CPU µs / msg, replicas | client CPU µs / msg | Redis CPU per master, ms per run "
				+ "| max/min (worst run) |\n");
		out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (PartitionedRow partitioned : report.partitioned()) {
			ThroughputRow row = partitioned.throughput();
			out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f–%,.0f | %d | %d | %.2f | %.2f | %.2f | %s "
					+ "| %.2f (%.2f) |%n", row.scenario(), row.contender(), row.median(), row.min(), row.max(),
					row.lost(), row.duplicates(), row.redisCpuMicrosPerMessage(),
					partitioned.replicaCpuMicrosPerMessage(), row.clientCpuMicrosPerMessage(),
					masterCpu(partitioned, " / "), partitioned.spread(), partitioned.worstSpread()));
		}
	}

	/** Each master's CPU milliseconds per run, in port order. */
	private static String masterCpu(PartitionedRow row, String separator) {
		return row.masterCpuMillis()
			.values()
			.stream()
			.map((millis) -> String.format(Locale.ROOT, "%.0f", millis))
			.collect(Collectors.joining(separator));
	}

	/**
	 * Renders every measurement as CSV rows {@code section,name,contender,metric,value}.
	 * @param report the run
	 * @return CSV text
	 */
	public static String csv(BenchmarkReport report) {
		StringBuilder out = new StringBuilder("kind,scenario,contender,median_msgs_s,min_msgs_s,max_msgs_s,ratio,lost,"
				+ "duplicates,commands_per_msg,redis_cpu_us_per_msg,client_cpu_us_per_msg,p50_ms,p99_ms,p999_ms,max_ms,heap_after_gc_mb,heap_sampled_mb,max_heap_mb,"
				+ "replica_cpu_us_per_msg,master_cpu_ms,master_cpu_max_min\n");
		for (ThroughputRow row : report.throughput()) {
			out.append(String.format(Locale.ROOT, "throughput,%s,%s,%.0f,%.0f,%.0f,%.3f,%d,%d,%s,%s,%s,,,,,,,,,,%n",
					quote(row.scenario()), quote(row.contender()), row.median(), row.min(), row.max(),
					row.median() / report.baseline(row.scenario()).median(), row.lost(), row.duplicates(),
					formatOr(row.commandsPerMessage(), "%.3f", ""), formatOr(row.redisCpuMicrosPerMessage(), "%.3f", ""),
					formatOr(row.clientCpuMicrosPerMessage(), "%.3f", "")));
		}
		for (LatencyRow row : report.latency()) {
			out.append(String.format(Locale.ROOT, "latency,latency,%s,%d,,,,%d,,,,,%.3f,%.3f,%.3f,%.3f,,,,,,%n",
					quote(row.annotation()), row.rate(), row.lost(), row.p50(), row.p99(), row.p999(), row.max()));
		}
		for (MemoryRow row : report.memory()) {
			out.append(String.format(Locale.ROOT, "memory,memory %d,%s,%.0f,,,,%d,,,,,,,,,%.1f,%.1f,%.1f,,,%n",
					row.entries(), quote(row.backlog()), row.rate(), row.lost(), row.peakAfterGcMb(),
					row.peakSampledMb(), row.maxHeapMb()));
		}
		for (RawRateRow row : report.raw()) {
			out.append(String.format(Locale.ROOT, "raw,raw,%s,%.0f,,,,,,,,,,,,,,,,,,%n",
					quote("redis-benchmark " + row.command() + " -c " + row.clients() + " -P " + row.pipeline()),
					row.requestsPerSecond()));
		}
		for (PartitionedRow partitioned : report.partitioned()) {
			ThroughputRow row = partitioned.throughput();
			out.append(String.format(Locale.ROOT, "partitioned,%s,%s,%.0f,%.0f,%.0f,,%d,%d,,%.3f,%.3f,,,,,,,,%.3f,%s,%.3f%n",
					quote(row.scenario()), quote(row.contender()), row.median(), row.min(), row.max(), row.lost(),
					row.duplicates(), row.redisCpuMicrosPerMessage(), row.clientCpuMicrosPerMessage(),
					partitioned.replicaCpuMicrosPerMessage(), quote(masterCpu(partitioned, "/")), partitioned.spread()));
		}
		return out.toString();
	}

	/**
	 * Writes {@code benchmark-results.md} and {@code benchmark-results.csv}.
	 * @param report the run
	 * @param directory where to write
	 */
	public static void write(BenchmarkReport report, Path directory) {
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("benchmark-results.md"),
					"# redis-messaging benchmark results\n\n" + markdown(report));
			Files.writeString(directory.resolve("benchmark-results.csv"), csv(report));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Formats a measurement, or gives {@code missing} where there is none (NaN). */
	private static String formatOr(double value, String format, String missing) {
		return Double.isNaN(value) ? missing : String.format(Locale.ROOT, format, value);
	}

	private static String quote(String value) {
		return "\"" + value.replace("\"", "\"\"") + "\"";
	}

}

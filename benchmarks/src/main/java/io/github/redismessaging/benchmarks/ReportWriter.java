package io.github.redismessaging.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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

	/**
	 * Renders every measurement as CSV rows {@code section,name,contender,metric,value}.
	 * @param report the run
	 * @return CSV text
	 */
	public static String csv(BenchmarkReport report) {
		StringBuilder out = new StringBuilder("kind,scenario,contender,median_msgs_s,min_msgs_s,max_msgs_s,ratio,lost,"
				+ "duplicates,commands_per_msg,redis_cpu_us_per_msg,client_cpu_us_per_msg,p50_ms,p99_ms,p999_ms,max_ms,heap_after_gc_mb,heap_sampled_mb,max_heap_mb\n");
		for (ThroughputRow row : report.throughput()) {
			out.append(String.format(Locale.ROOT, "throughput,%s,%s,%.0f,%.0f,%.0f,%.3f,%d,%d,%s,%s,%s,,,,,,,%n",
					quote(row.scenario()), quote(row.contender()), row.median(), row.min(), row.max(),
					row.median() / report.baseline(row.scenario()).median(), row.lost(), row.duplicates(),
					formatOr(row.commandsPerMessage(), "%.3f", ""), formatOr(row.redisCpuMicrosPerMessage(), "%.3f", ""),
					formatOr(row.clientCpuMicrosPerMessage(), "%.3f", "")));
		}
		for (LatencyRow row : report.latency()) {
			out.append(String.format(Locale.ROOT, "latency,latency,%s,%d,,,,%d,,,,,%.3f,%.3f,%.3f,%.3f,,,%n",
					quote(row.annotation()), row.rate(), row.lost(), row.p50(), row.p99(), row.p999(), row.max()));
		}
		for (MemoryRow row : report.memory()) {
			out.append(String.format(Locale.ROOT, "memory,memory %d,%s,%.0f,,,,%d,,,,,,,,,%.1f,%.1f,%.1f%n",
					row.entries(), quote(row.backlog()), row.rate(), row.lost(), row.peakAfterGcMb(),
					row.peakSampledMb(), row.maxHeapMb()));
		}
		for (RawRateRow row : report.raw()) {
			out.append(String.format(Locale.ROOT, "raw,raw,%s,%.0f,,,,,,,,,,,,,,,%n",
					quote("redis-benchmark " + row.command() + " -c " + row.clients() + " -P " + row.pipeline()),
					row.requestsPerSecond()));
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

package io.github.redismessaging.benchmarks;

/**
 * Runs the benchmark: {@code ./mvnw -q -DskipTests install && ./mvnw -q -pl benchmarks exec:exec}. Prints the
 * tables and writes them to {@code benchmarks/results/benchmark-results.md} and {@code .csv}.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	/**
	 * Entry point.
	 * @param args ignored; sizes come from {@code bench.*} system properties (see {@link BenchmarkConfig})
	 */
	public static void main(String[] args) {
		BenchmarkConfig config = BenchmarkConfig.fromSystemProperties();
		BenchmarkReport report = new BenchmarkHarness(config, System.out::println).run();
		String markdown = ReportWriter.markdown(report);
		System.out.println();
		System.out.println(markdown);
		ReportWriter.write(report, config.results());
		System.out.println("Written to " + config.results().toAbsolutePath().normalize());
		System.exit(0);
	}

}

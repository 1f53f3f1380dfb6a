package io.github.redismessaging.benchmarks;

/**
 * End-to-end latency of one annotation: send time embedded in the payload to the listener method's call.
 * @param annotation the annotation and mode
 * @param messages messages sent
 * @param rate the paced send rate, msgs/s
 * @param p50 median, ms
 * @param p99 99th percentile, ms
 * @param p999 99.9th percentile, ms
 * @param max the slowest, ms
 * @param lost messages never received
 */
public record LatencyRow(String annotation, int messages, int rate, double p50, double p99, double p999, double max,
		int lost) {

	static LatencyRow of(String annotation, int rate, Tally tally) {
		long[] sorted = tally.sortedLatencies();
		return new LatencyRow(annotation, tally.expected(), rate, percentile(sorted, 0.50), percentile(sorted, 0.99),
				percentile(sorted, 0.999), percentile(sorted, 1.0), tally.lost());
	}

	private static double percentile(long[] sorted, double q) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(q * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

}

package io.github.redismessaging.benchmarks;

/**
 * Heap while the starter drains one large backlog.
 * @param backlog what was drained
 * @param entries backlog size
 * @param maxHeapMb the probe JVM's maximum heap ({@code -Xmx}), MB
 * @param rate entries per second, including the probe context's start-up
 * @param peakAfterGcMb heap in use right after collections, high-water, MB
 * @param peakSampledMb heap in use sampled every 10 ms, high-water, MB
 * @param lost entries not handled
 * @param forked whether the probe ran in its own JVM
 */
public record MemoryRow(String backlog, int entries, double maxHeapMb, double rate, double peakAfterGcMb,
		double peakSampledMb, long lost, boolean forked) {
}

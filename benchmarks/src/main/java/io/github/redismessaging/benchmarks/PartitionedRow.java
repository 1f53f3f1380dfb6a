package io.github.redismessaging.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The partitioned stream's measurements: msgs/s, losses and CPU per message as for the other rows
 * ({@link #throughput()}, Redis CPU there is the masters'), the replicas' CPU per message, and the CPU each master
 * used per run, whose max/min shows how evenly the partitions load the cluster.
 */
public final class PartitionedRow {

	private final ThroughputRow throughput;

	/** Per master ({@code host:port}), its CPU milliseconds summed over the measured runs. */
	private final Map<String, Double> masterCpuMillis = new LinkedHashMap<>();

	private double replicaCpuMicros;

	private double worstSpread;

	PartitionedRow(String scenario, String contender) {
		this.throughput = new ThroughputRow(scenario, contender);
	}

	/**
	 * Adds a measured run.
	 * @param rate msgs/s
	 * @param tally what the listener received
	 * @param masterCpuMillis per master, the CPU milliseconds it used in the run
	 * @param replicaCpuMicros the replicas' CPU per message
	 * @param clientCpuMicros this JVM's CPU per message
	 */
	void add(double rate, Tally tally, Map<String, Double> masterCpuMillis, double replicaCpuMicros,
			double clientCpuMicros) {
		double masters = masterCpuMillis.values().stream().mapToDouble(Double::doubleValue).sum();
		this.throughput.add(rate, tally.lost(), tally.duplicates(), Double.NaN, masters * 1e3 / tally.expected(),
				clientCpuMicros);
		masterCpuMillis.forEach((master, millis) -> this.masterCpuMillis.merge(master, millis, Double::sum));
		this.replicaCpuMicros += replicaCpuMicros;
		this.worstSpread = Math.max(this.worstSpread, spread(masterCpuMillis.values()));
	}

	/**
	 * The largest over the smallest of some CPU times.
	 * @param cpu CPU times, at least one
	 * @return max/min, infinite if the smallest is 0
	 */
	static double spread(Collection<Double> cpu) {
		double max = cpu.stream().mapToDouble(Double::doubleValue).max().orElse(0);
		double min = cpu.stream().mapToDouble(Double::doubleValue).min().orElse(0);
		return max / min;
	}

	/** @return msgs/s, losses, Redis CPU per message (the masters') and client CPU per message */
	public ThroughputRow throughput() {
		return this.throughput;
	}

	/** @return per master ({@code host:port}, port order), the CPU milliseconds it used per run, mean of the runs */
	public Map<String, Double> masterCpuMillis() {
		Map<String, Double> mean = new LinkedHashMap<>();
		this.masterCpuMillis.forEach((master, sum) -> mean.put(master, sum / this.throughput.runs()));
		return mean;
	}

	/** @return the replicas' CPU time per message in microseconds, mean of the runs */
	public double replicaCpuMicrosPerMessage() {
		return this.replicaCpuMicros / this.throughput.runs();
	}

	/** @return max/min across the masters of {@link #masterCpuMillis()} */
	public double spread() {
		return spread(masterCpuMillis().values());
	}

	/** @return the largest max/min across the masters of a single run */
	public double worstSpread() {
		return this.worstSpread;
	}

}

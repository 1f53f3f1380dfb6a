package io.github.redismessaging.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * One contender's measurements in one scenario: a msgs/s sample per measured run, and the messages lost and
 * received twice over all measured runs.
 */
public final class ThroughputRow {

	private final String scenario;

	private final String contender;

	private final List<Double> rates = new ArrayList<>();

	private long lost;

	private long duplicates;

	private double commands;

	private double redisCpuMicros;

	private double clientCpuMicros;

	ThroughputRow(String scenario, String contender) {
		this.scenario = scenario;
		this.contender = contender;
	}

	void add(double rate, int lost, int duplicates, double commandsPerMessage, double redisCpuMicrosPerMessage,
			double clientCpuMicrosPerMessage) {
		// running means over the measured runs
		this.commands += (commandsPerMessage - this.commands) / (this.rates.size() + 1);
		this.redisCpuMicros += (redisCpuMicrosPerMessage - this.redisCpuMicros) / (this.rates.size() + 1);
		this.clientCpuMicros += (clientCpuMicrosPerMessage - this.clientCpuMicros) / (this.rates.size() + 1);
		this.rates.add(rate);
		this.lost += lost;
		this.duplicates += duplicates;
	}

	/** @return the scenario */
	public String scenario() {
		return this.scenario;
	}

	/** @return the contender */
	public String contender() {
		return this.contender;
	}

	/** @return the median msgs/s of the measured runs */
	public double median() {
		List<Double> sorted = new ArrayList<>(this.rates);
		sorted.sort(null);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	/** @return the slowest run */
	public double min() {
		return this.rates.stream().mapToDouble(Double::doubleValue).min().orElse(0);
	}

	/** @return the fastest run */
	public double max() {
		return this.rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
	}

	/** @return the number of measured runs */
	public int runs() {
		return this.rates.size();
	}

	/**
	 * @return Redis commands executed per message drained (mean of the runs), the commands that scripts call
	 * included, NaN for pub/sub
	 */
	public double commandsPerMessage() {
		return this.commands;
	}

	/** @return Redis CPU time per message drained in microseconds (mean of the runs), NaN for pub/sub */
	public double redisCpuMicrosPerMessage() {
		return this.redisCpuMicros;
	}

	/**
	 * @return the benchmark JVM's CPU time per message drained in microseconds, all threads (mean of the runs), NaN
	 * for pub/sub, whose producer runs in the same JVM during the run
	 */
	public double clientCpuMicrosPerMessage() {
		return this.clientCpuMicros;
	}

	/** @return messages never received, over all measured runs */
	public long lost() {
		return this.lost;
	}

	/** @return messages received twice, over all measured runs */
	public long duplicates() {
		return this.duplicates;
	}

}

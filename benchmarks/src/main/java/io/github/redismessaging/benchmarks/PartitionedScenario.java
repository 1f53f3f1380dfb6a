package io.github.redismessaging.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.test.ClusterNode;

/**
 * A partitioned stream on the embedded cluster, end to end: the clock starts, and the {@link ProducerProcess producer
 * JVM} appends entries with random record keys, each to its key's partition, while the starter's listener
 * ({@link PartitionedApplication}: one instance, so it owns all partitions) consumes them; msgs/s = messages
 * received / time until the last one arrived, as for streams end to end. The first {@code warmups} rounds are
 * discarded.
 * <p>
 * Every node's CPU time ({@code INFO cpu}) is read before and after a run: the masters' per message, the replicas'
 * per message, and each master's in the run, whose max/min shows whether the partitions spread the load over the
 * masters evenly. The log also shows the entries and XREADGROUP calls per master, which tell a skew in the routing
 * from one in the reading. On 2 cores the six servers, the producer and the listener share the cores, so the rate
 * does not grow with the masters; the spread is the point.
 */
public final class PartitionedScenario {

	private static final long OWNERSHIP_TIMEOUT_MILLIS = 60_000;

	private final ClusterRedis cluster;

	private final ProducerProcess producer;

	private final StarterContext starter;

	private final StreamPartitions partitions = StreamPartitions.of(KeyNames.NO_PREFIX, PartitionedApplication.STREAM,
			PartitionedApplication.PARTITIONS);

	/** Per master port, the partitions it holds. */
	private final Map<Integer, List<String>> keysByMaster;

	/**
	 * Creates the scenario.
	 * @param cluster the cluster
	 * @param producer a producer JVM connected to it
	 * @param starter the context of {@link PartitionedApplication}, connected to it
	 */
	public PartitionedScenario(ClusterRedis cluster, ProducerProcess producer, StarterContext starter) {
		this.cluster = cluster;
		this.producer = producer;
		this.starter = starter;
		this.keysByMaster = this.partitions.keys()
			.stream()
			.collect(Collectors.groupingBy((key) -> cluster.cluster().masterForKey(key).port(),
					TreeMap::new, Collectors.toList()));
	}

	/**
	 * Waits until the listener owns every partition, then runs the rounds.
	 * @param messages messages per run
	 * @param warmups rounds discarded
	 * @param runs rounds measured
	 * @param log progress output
	 * @return the row
	 */
	public PartitionedRow run(int messages, int warmups, int runs, Consumer<String> log) {
		long waited = awaitOwnership();
		log.accept(String.format(Locale.ROOT, "  partitioned: %d partitions owned after %d ms; per master %s",
				this.partitions.count(), waited, perMaster((keys) -> (double) keys.size(), "%.0f")));
		PartitionedRow row = new PartitionedRow(Names.PARTITIONED, Names.PARTITIONED_STARTER);
		for (int round = 0; round < warmups + runs; round++) {
			boolean measured = round >= warmups;
			Run run = runOnce(messages);
			Map<String, Double> masterMillis = new LinkedHashMap<>();
			double replicaSeconds = 0;
			for (Map.Entry<ClusterNode, ClusterRedis.NodeFigures> after : run.after().entrySet()) {
				double seconds = after.getValue().cpuSeconds() - run.before().get(after.getKey()).cpuSeconds();
				if (after.getKey().master()) {
					masterMillis.put(after.getKey().address(), seconds * 1e3);
				}
				else {
					replicaSeconds += seconds;
				}
			}
			double replicaMicros = replicaSeconds * 1e6 / messages;
			double clientMicros = run.jvmCpuNanos() / 1e3 / messages;
			if (measured) {
				row.add(run.rate(), run.tally(), masterMillis, replicaMicros, clientMicros);
			}
			double masterMicros = masterMillis.values().stream().mapToDouble(Double::doubleValue).sum() * 1e3
					/ messages;
			log.accept(String.format(Locale.ROOT,
					"  %-8s %-52s %,10.0f msgs/s  lost %d  redis: masters %.2f µs/msg, replicas %.2f µs/msg, "
							+ "jvm: %.2f µs/msg; per master: CPU %s ms (max/min %.2f), entries %s, xreadgroup %s%s",
					"partitioned", Names.PARTITIONED_STARTER, run.rate(), run.tally().lost(), masterMicros,
					replicaMicros, clientMicros, masterMillis.values()
						.stream()
						.map((millis) -> String.format(Locale.ROOT, "%.0f", millis))
						.collect(Collectors.joining("/")),
					PartitionedRow.spread(masterMillis.values()), run.entries(), run.reads(),
					measured ? "" : "  (warm-up)"));
		}
		return row;
	}

	/** Waits until the listener runs every partition (it takes them in its first round, right after it starts). */
	private long awaitOwnership() {
		long start = System.nanoTime();
		long deadline = start + TimeUnit.MILLISECONDS.toNanos(OWNERSHIP_TIMEOUT_MILLIS);
		while (owned() < this.partitions.count()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the partitioned listener owns " + owned() + " of "
						+ this.partitions.count() + " partitions after " + OWNERSHIP_TIMEOUT_MILLIS + " ms");
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	private int owned() {
		Object owned = this.starter.container(PartitionedApplication.LISTENER_ID).status().details().get("owned");
		return (owned instanceof Number number) ? number.intValue() : 0;
	}

	private Run runOnce(int messages) {
		for (String key : this.partitions.keys()) {
			// The group of every partition must survive between runs: trim the entries instead of deleting them.
			this.cluster.commands().xtrim(key, 0);
		}
		Tally tally = Tally.of(messages);
		Map<ClusterNode, ClusterRedis.NodeFigures> before = this.cluster.figures();
		long jvmBefore = ThroughputScenario.jvmCpuNanos();
		long start = System.nanoTime();
		this.starter.board().begin(PartitionedApplication.LISTENER_ID, tally);
		this.producer.fillPartitioned(PartitionedApplication.STREAM, PartitionedApplication.PARTITIONS, messages);
		tally.awaitAll(1_000, 120_000);
		// Read before the board lets go: the run ends with its last message, not with the bookkeeping after it.
		Map<ClusterNode, ClusterRedis.NodeFigures> after = this.cluster.figures();
		long jvmCpuNanos = ThroughputScenario.jvmCpuNanos() - jvmBefore;
		this.starter.board().end(PartitionedApplication.LISTENER_ID);
		double seconds = Math.max(1, tally.lastNanos() - start) / 1e9;
		String reads = after.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().master())
			.map((entry) -> Long.toString(calls(before.get(entry.getKey()), entry.getValue(), "xreadgroup")))
			.collect(Collectors.joining("/"));
		String entries = perMaster((keys) -> (double) keys.stream().mapToLong(this.cluster.commands()::xlen).sum(),
				"%,.0f");
		return new Run(tally, tally.distinct() / seconds, before, after, jvmCpuNanos, entries, reads);
	}

	private static long calls(ClusterRedis.NodeFigures before, ClusterRedis.NodeFigures after, String command) {
		return CommandStats.delta(before.commands(), after.commands())
			.getOrDefault(command, new CommandStats.Usage(0, 0))
			.calls();
	}

	/** A figure of each master's partitions, as {@code a/b/c} in port order. */
	private String perMaster(Function<List<String>, Double> figure, String format) {
		return this.keysByMaster.values()
			.stream()
			.map((keys) -> String.format(Locale.ROOT, format, figure.apply(keys)))
			.collect(Collectors.joining("/"));
	}

	/**
	 * One run's measurements.
	 * @param tally what the listener received
	 * @param rate msgs/s
	 * @param before every node's figures before
	 * @param after every node's figures after
	 * @param jvmCpuNanos this JVM's CPU time in the run
	 * @param entries the entries per master, as {@code a/b/c}
	 * @param reads the XREADGROUP calls per master, as {@code a/b/c}
	 */
	private record Run(Tally tally, double rate, Map<ClusterNode, ClusterRedis.NodeFigures> before,
			Map<ClusterNode, ClusterRedis.NodeFigures> after, long jvmCpuNanos, String entries, String reads) {

	}

}

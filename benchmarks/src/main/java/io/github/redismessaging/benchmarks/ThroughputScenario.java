package io.github.redismessaging.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Runs contenders in turns (A B C A B C …) so that drift of a shared, noisy machine hits them evenly: the first
 * {@code warmups} rounds are discarded, the next {@code runs} are measured.
 * <p>
 * Backlog scenarios ({@link Mode#DRAIN}): the backlog is produced, then the contender is started and drains it;
 * msgs/s = messages / time from the first to the last message recorded. Timing from the first message rather than
 * from the start call keeps start-up costs out for everyone alike (thread start, SDR container start, and the up to
 * 100 ms a paused starter listener takes to notice that it was resumed). End to end ({@link Mode#PUBLISH}: pub/sub,
 * and streams end to end): the clock starts, the contender starts, one connection publishes or appends every message
 * at full speed (pipelined, from the {@link ProducerProcess producer JVM}) while it consumes, and msgs/s = messages
 * received / time until the last one arrived; what has not arrived after a quiet second is lost.
 * <p>
 * Client CPU per message is this JVM's CPU time over the run: with one contender running at a time and every
 * producer elsewhere (before the clock, or in its own JVM), it is that contender's cost. Redis CPU per message is the
 * server's: reading and acknowledging alone when draining, producing included end to end.
 */
public final class ThroughputScenario {

	/**
	 * With {@code -Dbench.commandStats=true}, every backlog run also logs each command Redis ran, by time: calls,
	 * µs per message and µs per call ({@code INFO commandstats}), commands that scripts call included.
	 */
	private static final boolean PROFILE = Boolean.getBoolean("bench.commandStats");

	private final String name;

	private final Mode mode;

	private final BiConsumer<String, Integer> produce;

	private final List<Contender> contenders;

	private final Redis redis;

	/**
	 * Creates the scenario.
	 * @param name scenario name in the table
	 * @param mode backlog or concurrent production
	 * @param produce produces {@code count} messages on a key
	 * @param contenders the contenders, in table order
	 * @param redis the server, for its command statistics
	 */
	public ThroughputScenario(String name, Mode mode, BiConsumer<String, Integer> produce, List<Contender> contenders,
			Redis redis) {
		this.redis = redis;
		this.name = name;
		this.mode = mode;
		this.produce = produce;
		this.contenders = contenders;
	}

	/**
	 * Runs the rounds.
	 * @param messages messages per run
	 * @param warmups rounds discarded
	 * @param runs rounds measured
	 * @param log progress output
	 * @return one row per contender
	 */
	public List<ThroughputRow> run(int messages, int warmups, int runs, java.util.function.Consumer<String> log) {
		Map<Contender, ThroughputRow> rows = new LinkedHashMap<>();
		this.contenders.forEach((c) -> rows.put(c, new ThroughputRow(this.name, c.name())));
		for (int round = 0; round < warmups + runs; round++) {
			for (Contender contender : this.contenders) {
				Tally tally = runOnce(contender, messages);
				// The last message's own timestamp ends the run, not the moment the harness noticed it.
				long from = (this.mode == Mode.DRAIN) ? tally.firstNanos() : this.startNanos;
				double seconds = Math.max(1, tally.lastNanos() - from) / 1e9;
				double rate = (tally.distinct() == 0) ? 0 : tally.distinct() / seconds;
				boolean measured = round >= warmups;
				// Pub/sub counts the producer's PUBLISH commands too: there, commands per message say nothing.
				boolean drain = this.mode == Mode.DRAIN;
				double commands = drain
						? CommandStats.calls(this.commands) / (double) messages : Double.NaN;
				double cpuMicros = this.redisCpuSeconds * 1e6 / messages;
				double clientMicros = this.jvmCpuNanos / 1e3 / messages;
				if (measured) {
					rows.get(contender).add(rate, tally.lost(), tally.duplicates(), commands, cpuMicros, clientMicros);
				}
				log.accept(String.format("  %-8s %-52s %,10.0f msgs/s  lost %d  %s%s", this.name, contender.name(), rate,
						tally.lost(), String.format("redis: %.2f µs/msg, jvm: %.2f µs/msg %s", cpuMicros, clientMicros,
								drain ? CommandStats.format(this.commands) : ""),
						measured ? "" : "  (warm-up)"));
				if (drain && PROFILE) {
					log.accept(CommandStats.profile(this.commands, messages));
				}
			}
		}
		return new ArrayList<>(rows.values());
	}

	private long startNanos;

	private Map<String, CommandStats.Usage> commands;

	private double redisCpuSeconds;

	private long jvmCpuNanos;

	/**
	 * The CPU time this JVM has used, all threads: with one contender running at a time, most of it is that
	 * contender's (the harness only waits), so per message it shows what the client side costs next to Redis.
	 */
	static long jvmCpuNanos() {
		return (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
				? os.getProcessCpuTime() : 0;
	}

	private Tally runOnce(Contender contender, int messages) {
		contender.prepare();
		Tally tally = Tally.of(messages);
		if (this.mode == Mode.DRAIN) {
			this.produce.accept(contender.key(), messages);
		}
		Map<String, CommandStats.Usage> before = CommandStats.snapshot(this.redis);
		double cpuBefore = CommandStats.cpuSeconds(this.redis);
		long jvmBefore = jvmCpuNanos();
		this.startNanos = System.nanoTime();
		contender.start(tally);
		if (this.mode == Mode.PUBLISH) {
			this.produce.accept(contender.key(), messages);
		}
		tally.awaitAll(1_000, 120_000);
		// Read before stop: stopping (a pause, a final flush) is not part of draining.
		this.redisCpuSeconds = CommandStats.cpuSeconds(this.redis) - cpuBefore;
		this.jvmCpuNanos = jvmCpuNanos() - jvmBefore;
		this.commands = CommandStats.delta(before, CommandStats.snapshot(this.redis));
		contender.stop();
		return tally;
	}

	/** How messages are produced. */
	public enum Mode {
		/** A backlog produced before the clock starts. */
		DRAIN,
		/** Published while the contender consumes. */
		PUBLISH
	}

}

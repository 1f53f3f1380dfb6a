package io.github.redismessaging.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends single messages at a fixed rate (paced, one at a time from the producer's connection) to one starter
 * listener per annotation and records, per message, {@code nanoTime} at the listener minus {@code nanoTime} written
 * into the payload at sending. Producer and listeners share the JVM, so the clocks are the same clock.
 */
public final class LatencyScenario {

	private final Producer producer;

	private final List<Target> targets = new ArrayList<>();

	/**
	 * Creates the scenario.
	 * @param producer the shared producer
	 */
	public LatencyScenario(Producer producer) {
		this.producer = producer;
	}

	/**
	 * Adds a listener to measure.
	 * @param annotation row name
	 * @param kind what to send
	 * @param contender the starter contender
	 * @return this scenario
	 */
	public LatencyScenario add(String annotation, Producer.Kind kind, Contender contender) {
		this.targets.add(new Target(annotation, kind, contender));
		return this;
	}

	/**
	 * Measures each listener in turn.
	 * @param messages messages per listener
	 * @param rate msgs/s
	 * @param log progress output
	 * @return one row per listener
	 */
	public List<LatencyRow> run(int messages, int rate, java.util.function.Consumer<String> log) {
		List<LatencyRow> rows = new ArrayList<>();
		long period = TimeUnit.SECONDS.toNanos(1) / rate;
		for (Target target : this.targets) {
			target.contender.prepare();
			// Up to one second of discarded messages first: a resumed listener may take up to 100 ms to notice,
			// and the first messages after a pause would otherwise count as latency.
			int warmUpMessages = Math.min(rate, Math.max(50, messages / 5));
			Tally warmUp = Tally.withLatency(warmUpMessages);
			target.contender.start(warmUp);
			send(target, warmUpMessages, period);
			warmUp.awaitAll(1_000, 60_000);
			Tally tally = Tally.withLatency(messages);
			target.contender.start(tally);
			send(target, messages, period);
			tally.awaitAll(1_000, 60_000);
			target.contender.stop();
			LatencyRow row = LatencyRow.of(target.annotation, rate, tally);
			log.accept(String.format("  latency  %-44s p50 %.2f ms  p99 %.2f ms  p999 %.2f ms  lost %d",
					row.annotation(), row.p50(), row.p99(), row.p999(), row.lost()));
			rows.add(row);
		}
		return rows;
	}

	private void send(Target target, int messages, long period) {
		long start = System.nanoTime();
		for (int seq = 0; seq < messages; seq++) {
			// Pacing a load generator: wait for this message's slot, never for the listener.
			long due = start + seq * period;
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			this.producer.sendStamped(target.kind, target.contender.key(), seq);
		}
	}

	private record Target(String annotation, Producer.Kind kind, Contender contender) {
	}

}

package io.github.redismessaging.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.redismessaging.keys.KeyNames;

/**
 * Produces a large stream backlog and a large queue backlog, then lets {@link MemoryProbe} drain each with the
 * starter (concurrency 4) in a fresh JVM with a small {@code -Xmx}: a leak or an unbounded buffer would show as
 * a growing after-GC heap, or end in an {@code OutOfMemoryError}.
 */
public final class MemoryScenario {

	private static final double MB = 1024.0 * 1024.0;

	private final Redis redis;

	private final Producer producer;

	private final boolean fork;

	private final String xmx;

	/**
	 * Creates the scenario.
	 * @param redis the server
	 * @param producer the shared producer
	 * @param fork whether each probe runs in its own JVM (the smoke test runs it in-process)
	 * @param xmx the probe JVM's {@code -Xmx}, for example {@code 256m}
	 */
	public MemoryScenario(Redis redis, Producer producer, boolean fork, String xmx) {
		this.redis = redis;
		this.producer = producer;
		this.fork = fork;
		this.xmx = xmx;
	}

	/**
	 * Drains a stream backlog, then a queue backlog.
	 * @param entries backlog size
	 * @param log progress output
	 * @return two rows
	 */
	public List<MemoryRow> run(int entries, java.util.function.Consumer<String> log) {
		List<MemoryRow> rows = new ArrayList<>();
		this.redis.admin().sync().del(MemoryProbe.STREAM);
		this.redis.admin().sync().del(queueKeys());
		log.accept(String.format("  memory   producing %,d stream entries", entries));
		this.producer.fillStream(MemoryProbe.STREAM, entries);
		rows.add(probe("stream, @StreamListener AUTO c4", "stream", entries, log));
		this.redis.admin().sync().del(MemoryProbe.STREAM);
		log.accept(String.format("  memory   producing %,d queue items", entries));
		this.producer.fillQueue(MemoryProbe.QUEUE, entries);
		rows.add(probe("queue, @QueueListener AT_LEAST_ONCE c4", "queue", entries, log));
		this.redis.admin().sync().del(queueKeys());
		return rows;
	}

	/** The probe's queue and the companions its listener keeps under leases; the probe sets no key prefix. */
	private static String[] queueKeys() {
		return StarterContext.queueKeys(KeyNames.NO_PREFIX, MemoryProbe.QUEUE);
	}

	private MemoryRow probe(String backlog, String kind, int entries, java.util.function.Consumer<String> log) {
		MemoryProbe.Result result = this.fork ? forked(kind, entries) : MemoryProbe.run(this.redis.server().host(),
				this.redis.server().port(), kind, entries);
		MemoryRow row = new MemoryRow(backlog, entries, result.maxHeap() / MB,
				result.processed() / Math.max(0.001, result.millis() / 1000.0), result.peakAfterGc() / MB,
				result.peakSampled() / MB, result.lost(), this.fork);
		log.accept(String.format("  memory   %-44s after-GC high-water %.0f MB, sampled %.0f MB (max heap %.0f MB), lost %d",
				backlog, row.peakAfterGcMb(), row.peakSampledMb(), row.maxHeapMb(), row.lost()));
		return row;
	}

	private MemoryProbe.Result forked(String kind, int entries) {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = List.of(java, "-Xmx" + this.xmx, "-cp", System.getProperty("java.class.path"),
				MemoryProbe.class.getName(), this.redis.server().host(), Integer.toString(this.redis.server().port()),
				kind, Integer.toString(entries));
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			List<String> output = new ArrayList<>();
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				reader.lines().forEach(output::add);
			}
			if (!process.waitFor(15, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("memory probe did not finish");
			}
			return MemoryProbe.Result.parse(output);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start the memory probe", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}

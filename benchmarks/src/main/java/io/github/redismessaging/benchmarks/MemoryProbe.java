package io.github.redismessaging.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.StreamListener;

/**
 * Drains a backlog that is already in Redis with one starter listener (concurrency 4) and reports the heap
 * high-water marks. Normally run as its own JVM with a small {@code -Xmx} (see {@link MemoryScenario}), so that the
 * numbers are not mixed with the rest of the benchmark and finishing at all proves the bound.
 * <p>
 * Prints one line: {@code RESULT processed=… lost=… millis=… peakAfterGc=… peakSampled=… maxHeap=…}.
 */
public final class MemoryProbe {

	/** The stream drained by the probe. */
	public static final String STREAM = "bench:memory:stream";

	/** The queue drained by the probe. */
	public static final String QUEUE = "bench:memory:queue";

	private static volatile Tally tally;

	private MemoryProbe() {
	}

	/**
	 * Entry point of the forked JVM.
	 * @param args host, port, {@code stream} or {@code queue}, entries
	 */
	public static void main(String[] args) {
		Result result = run(args[0], Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]));
		System.out.println(result.line());
		System.exit(0);
	}

	/**
	 * Drains the backlog in this JVM.
	 * @param host Redis host
	 * @param port Redis port
	 * @param kind {@code stream} or {@code queue}
	 * @param entries backlog size
	 * @return the measurements
	 */
	public static Result run(String host, int port, String kind, int entries) {
		Tally current = Tally.of(entries);
		tally = current;
		boolean stream = "stream".equals(kind);
		try (HeapWatcher heap = new HeapWatcher()) {
			long start = System.nanoTime();
			ConfigurableApplicationContext context = new SpringApplicationBuilder(ProbeApplication.class)
				.web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.properties("spring.data.redis.host=" + host, "spring.data.redis.port=" + port,
						"redis.messaging.listeners.memory-stream.auto-startup=" + stream,
						"redis.messaging.listeners.memory-queue.auto-startup=" + !stream,
						"redis.messaging.listeners.memory-stream.batch-size=100", "logging.level.root=WARN")
				.run();
			try {
				current.awaitAll(10_000, 900_000);
			}
			finally {
				context.close();
			}
			long millis = (current.lastNanos() - start) / 1_000_000;
			return new Result(current.distinct(), current.lost(), millis, heap.peakAfterGc(), heap.peakSampled(),
					ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());
		}
	}

	/**
	 * What the probe measured.
	 * @param processed distinct entries handled
	 * @param lost entries never handled
	 * @param millis from context start to the last entry (includes the context's start-up)
	 * @param peakAfterGc heap in use after collections, high-water, bytes
	 * @param peakSampled heap in use sampled, high-water, bytes
	 * @param maxHeap the JVM's maximum heap, bytes
	 */
	public record Result(long processed, long lost, long millis, long peakAfterGc, long peakSampled, long maxHeap) {

		String line() {
			return "RESULT processed=" + this.processed + " lost=" + this.lost + " millis=" + this.millis
					+ " peakAfterGc=" + this.peakAfterGc + " peakSampled=" + this.peakSampled + " maxHeap="
					+ this.maxHeap;
		}

		static Result parse(List<String> output) {
			String line = output.stream()
				.filter((l) -> l.startsWith("RESULT "))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("memory probe printed no result: " + output));
			java.util.Map<String, Long> values = new java.util.HashMap<>();
			for (String pair : line.substring(7).split(" ")) {
				String[] kv = pair.split("=");
				values.put(kv[0], Long.parseLong(kv[1]));
			}
			return new Result(values.get("processed"), values.get("lost"), values.get("millis"),
					values.get("peakAfterGc"), values.get("peakSampled"), values.get("maxHeap"));
		}
	}

	/** The probe's application: the two listeners, of which only the measured one starts. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ProbeApplication {

		@Bean
		ProbeListeners probeListeners() {
			return new ProbeListeners();
		}

	}

	/** Listeners of the probe; they only count. */
	static class ProbeListeners {

		@StreamListener(id = "memory-stream", stream = STREAM, group = "bench", concurrency = "4", start = "earliest")
		void stream(String payload) {
			tally.record(payload);
		}

		@QueueListener(id = "memory-queue", queue = QUEUE, mode = "AT_LEAST_ONCE", concurrency = "4")
		void queue(String payload) {
			tally.record(payload);
		}

	}

}

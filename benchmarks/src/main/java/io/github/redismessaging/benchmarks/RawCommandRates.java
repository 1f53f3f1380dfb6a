package io.github.redismessaging.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's raw command rates, measured by {@code redis-benchmark} against the same server in the same run: the
 * physical ceiling of the commands the contenders use, with no client library in the way. {@code redis-benchmark}
 * does not ship in the jar the tests take {@code redis-server} from; it is used when found through the
 * {@code REDIS_BENCHMARK} environment variable or on the {@code PATH} (Debian: {@code apt-get install redis-tools}),
 * and skipped with a note otherwise.
 */
final class RawCommandRates {

	private static final String VALUE = "x".repeat(Payloads.SIZE);

	/** The commands measured: what producers and consumers of each scenario send, with ~100-byte values. */
	private static final List<List<String>> COMMANDS = List.of(
			List.of("XADD", "bench:raw:stream", "*", "payload", VALUE),
			List.of("LPUSH", "bench:raw:list", VALUE), List.of("RPOP", "bench:raw:list"),
			List.of("PUBLISH", "bench:raw:channel", VALUE));

	private static final int CLIENTS = 50;

	private final Path executable;

	private final Redis redis;

	private RawCommandRates(Path executable, Redis redis) {
		this.executable = executable;
		this.redis = redis;
	}

	/**
	 * Finds {@code redis-benchmark}.
	 * @param redis the server to measure
	 * @return the measurement, or empty if there is no {@code redis-benchmark} here
	 */
	static Optional<RawCommandRates> find(Redis redis) {
		return executable().map((path) -> new RawCommandRates(path, redis));
	}

	/**
	 * Where {@code redis-benchmark} is: {@code REDIS_BENCHMARK}, else the {@code PATH}.
	 * @return its path, or empty if it is not installed
	 */
	static Optional<Path> executable() {
		String configured = System.getenv("REDIS_BENCHMARK");
		if (configured != null && !configured.isBlank()) {
			return Optional.of(Path.of(configured));
		}
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(directory, "redis-benchmark");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * Runs every command with {@value #CLIENTS} clients, without and with pipelining (16 commands a round trip).
	 * @param requests requests per command and setting
	 * @param log progress output
	 * @return one row per command and setting
	 */
	List<RawRateRow> run(int requests, Consumer<String> log) {
		List<RawRateRow> rows = new ArrayList<>();
		for (int pipeline : new int[] { 1, 16 }) {
			for (List<String> command : COMMANDS) {
				double rate = measure(command, requests, pipeline);
				rows.add(new RawRateRow(command.get(0), CLIENTS, pipeline, rate));
				log.accept(String.format("  raw      redis-benchmark %-8s -c %d -P %-2d %,12.0f requests/s", command.get(0),
						CLIENTS, pipeline, rate));
			}
		}
		this.redis.admin().sync().del("bench:raw:stream", "bench:raw:list");
		return rows;
	}

	private double measure(List<String> command, int requests, int pipeline) {
		List<String> args = new ArrayList<>(List.of(this.executable.toString(), "-h", this.redis.server().host(), "-p",
				Integer.toString(this.redis.server().port()), "-n", Integer.toString(requests), "-c",
				Integer.toString(CLIENTS), "-P", Integer.toString(pipeline), "--csv"));
		args.addAll(command);
		try {
			Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("redis-benchmark failed: " + output);
			}
			return requestsPerSecond(output);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + this.executable, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running redis-benchmark", ex);
		}
	}

	/**
	 * Reads the rate from {@code --csv} output: a header line, then {@code "<command>","<rps>",…}.
	 */
	static double requestsPerSecond(String csv) {
		for (String line : csv.split("\r?\n")) {
			String[] cells = line.split("\",\"");
			if (cells.length > 1 && !line.startsWith("\"test\"")) {
				return Double.parseDouble(cells[1].replace("\"", ""));
			}
		}
		throw new IllegalStateException("No rate in redis-benchmark output: " + csv);
	}

}

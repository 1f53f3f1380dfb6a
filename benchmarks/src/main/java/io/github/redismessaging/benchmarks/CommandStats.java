package io.github.redismessaging.benchmarks;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Redis's own count of the commands it executed ({@code INFO commandstats}) and of the CPU time it used
 * ({@code INFO cpu}), read before and after a run: commands per message show how many round trips each contender
 * pays, and CPU per message what it costs the server, whose single thread is the ceiling of every contender. Only
 * one contender runs at a time; background work of paused listeners (lease extension, taking back expired leases,
 * promotion of due retries, gauges, stream pending recovery) is included, but is a few dozen commands per second.
 * <p>
 * Commands that scripts call are counted on their own as well as inside the {@code evalsha} that called them:
 * {@code usec} of {@code evalsha} includes theirs, and its surplus over them is the Lua interpreter's own time.
 * That lets the log show where a script's time goes ({@code -Dbench.commandStats=true} prints every command).
 */
final class CommandStats {

	private CommandStats() {
	}

	/**
	 * What Redis counted for one command.
	 * @param calls how often it ran
	 * @param usec the time it ran, in microseconds (execution only: no reading, parsing or replying)
	 */
	record Usage(long calls, long usec) {

		double usecPerCall() {
			return (this.calls == 0) ? 0 : (double) this.usec / this.calls;
		}

	}

	/**
	 * Reads the calls and time per command.
	 * @param redis the server
	 * @return command name to its usage
	 */
	static Map<String, Usage> snapshot(Redis redis) {
		return snapshot(redis.admin().sync().info("commandstats"));
	}

	/**
	 * Reads the calls and time per command from a server's {@code INFO commandstats} reply.
	 * @param info the reply
	 * @return command name to its usage
	 */
	static Map<String, Usage> snapshot(String info) {
		Map<String, Usage> usage = new TreeMap<>();
		for (String line : info.split("\r?\n")) {
			// cmdstat_xreadgroup:calls=123,usec=4567,usec_per_call=37.13,...
			if (line.startsWith("cmdstat_")) {
				String name = line.substring(8, line.indexOf(':'));
				usage.put(name, new Usage(field(line, "calls"), field(line, "usec")));
			}
		}
		return usage;
	}

	/** Reads {@code name} from {@code calls=123,usec=4567,usec_per_call=37.13,rejected_calls=0,…}. */
	private static long field(String line, String name) {
		for (String pair : line.substring(line.indexOf(':') + 1).split(",")) {
			if (pair.startsWith(name + "=")) {
				return Long.parseLong(pair.substring(name.length() + 1));
			}
		}
		return 0;
	}

	/**
	 * Reads the CPU time the server has used, user and system, main thread and others.
	 * @param redis the server
	 * @return seconds
	 */
	static double cpuSeconds(Redis redis) {
		return cpuSeconds(redis.admin().sync().info("cpu"));
	}

	/**
	 * Reads the CPU time a server has used from its {@code INFO cpu} reply, user and system, main thread and others.
	 * @param info the reply
	 * @return seconds
	 */
	static double cpuSeconds(String info) {
		double seconds = 0;
		for (String line : info.split("\r?\n")) {
			// used_cpu_sys:1.234567 and used_cpu_user:…, not the _children or _main_thread lines
			if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
				seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		return seconds;
	}

	/**
	 * The commands executed between two snapshots, without the {@code info} calls of the snapshots themselves.
	 * @param before the earlier snapshot
	 * @param after the later snapshot
	 * @return command name to its usage in between, only commands that ran
	 */
	static Map<String, Usage> delta(Map<String, Usage> before, Map<String, Usage> after) {
		Map<String, Usage> delta = new TreeMap<>();
		after.forEach((name, usage) -> {
			Usage earlier = before.getOrDefault(name, new Usage(0, 0));
			long ran = usage.calls() - earlier.calls();
			if (ran > 0 && !name.equals("info")) {
				delta.put(name, new Usage(ran, usage.usec() - earlier.usec()));
			}
		});
		return delta;
	}

	/**
	 * The calls of all commands in a delta, those that scripts made included.
	 * @param delta the commands
	 * @return the sum of their calls
	 */
	static long calls(Map<String, Usage> delta) {
		return delta.values().stream().mapToLong(Usage::calls).sum();
	}

	/**
	 * Formats the five most called commands of a delta as {@code xreadgroup=1000 xack=1000}.
	 * @param delta the commands
	 * @return the text
	 */
	static String format(Map<String, Usage> delta) {
		return delta.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Usage>comparingByValue(
					Comparator.comparingLong(Usage::calls)).reversed())
			.limit(5)
			.map((e) -> e.getKey() + "=" + e.getValue().calls())
			.collect(Collectors.joining(" "));
	}

	/**
	 * Formats every command of a delta by time spent, per message drained:
	 * {@code evalsha 0.200 calls/msg 9.600 µs/msg (48.00 µs/call)}, one per line.
	 * @param delta the commands
	 * @param messages the messages drained
	 * @return the text, one indented line per command
	 */
	static String profile(Map<String, Usage> delta, int messages) {
		return delta.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Usage>comparingByValue(
					Comparator.comparingLong(Usage::usec)).reversed())
			.map((e) -> String.format(Locale.ROOT, "             %-14s %8.3f calls/msg %7.3f µs/msg (%8.2f µs/call)",
					e.getKey(), e.getValue().calls() / (double) messages, e.getValue().usec() / (double) messages,
					e.getValue().usecPerCall()))
			.collect(Collectors.joining("\n"));
	}

}

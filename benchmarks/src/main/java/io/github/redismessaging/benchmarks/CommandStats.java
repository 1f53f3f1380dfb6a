package io.github.redismessaging.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Redis's own count of the commands it executed ({@code INFO commandstats}) and of the CPU time it used
 * ({@code INFO cpu}), read before and after a run: commands per message show how many round trips each contender
 * pays, and CPU per message what it costs the server, whose single thread is the ceiling of every contender. Only
 * one contender runs at a time; background work of paused listeners (heartbeats, pending recovery) is included, but
 * is a handful of commands per second.
 */
final class CommandStats {

	private CommandStats() {
	}

	/**
	 * Reads the calls per command.
	 * @param redis the server
	 * @return command name to calls
	 */
	static Map<String, Long> snapshot(Redis redis) {
		Map<String, Long> calls = new TreeMap<>();
		for (String line : redis.admin().sync().info("commandstats").split("\r?\n")) {
			// cmdstat_xreadgroup:calls=123,usec=...
			if (line.startsWith("cmdstat_")) {
				String name = line.substring(8, line.indexOf(':'));
				int from = line.indexOf("calls=") + 6;
				calls.put(name, Long.parseLong(line.substring(from, line.indexOf(',', from))));
			}
		}
		return calls;
	}

	/**
	 * Reads the CPU time the server has used, user and system, main thread and others.
	 * @param redis the server
	 * @return seconds
	 */
	static double cpuSeconds(Redis redis) {
		double seconds = 0;
		for (String line : redis.admin().sync().info("cpu").split("\r?\n")) {
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
	 * @return command name to calls, only commands that ran
	 */
	static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> delta = new TreeMap<>();
		after.forEach((name, calls) -> {
			long ran = calls - before.getOrDefault(name, 0L);
			if (ran > 0 && !name.equals("info")) {
				delta.put(name, ran);
			}
		});
		return delta;
	}

	/**
	 * Formats a delta as {@code xreadgroup=1000 xack=1000}.
	 * @param delta the commands
	 * @return the text
	 */
	static String format(Map<String, Long> delta) {
		return delta.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(5)
			.map((e) -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining(" "));
	}

}

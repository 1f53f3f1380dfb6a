package io.github.redismessaging.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running {@code redis-server} operating-system process: launching it, signalling it and reading its logs.
 */
final class RedisProcess {

	/** Catches what Redis prints before its own log file is open, such as configuration errors. */
	static final String CONSOLE_FILE = "console.log";

	/**
	 * util-linux's {@code setsid}, where installed. Redis launched through it runs in a session of its own, so that a
	 * Ctrl-C in a terminal, which signals the whole foreground process group, reaches only the JVM, and the JVM can
	 * stop its listeners before it stops Redis. Started by the JVM, {@code setsid} is not a process group leader, so
	 * it calls {@code setsid(2)} and executes {@code redis-server} in place: the pid held is Redis's own. Without
	 * {@code setsid}, Redis shares the JVM's process group.
	 */
	private static final List<String> NEW_SESSION = RedisBinary.onPath("setsid").findFirst()
		.map((setsid) -> List.of(setsid.toString())).orElse(List.of());

	private final Process process;

	private final Path directory;

	private RedisProcess(Process process, Path directory) {
		this.process = process;
		this.directory = directory;
	}

	/**
	 * Starts {@code redis-server} with a configuration file, its output appended to {@link #CONSOLE_FILE}.
	 * @param binary the executable
	 * @param directory the working directory
	 * @param configFile the configuration file
	 * @param arguments further command-line arguments, such as {@code --sentinel}
	 * @return the running process
	 */
	static RedisProcess launch(Path binary, Path directory, Path configFile, List<String> arguments) {
		try {
			List<String> command = new ArrayList<>(NEW_SESSION);
			command.add(binary.toString());
			command.add(configFile.toAbsolutePath().toString());
			command.addAll(arguments);
			Process process = new ProcessBuilder(command)
				.directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve(CONSOLE_FILE).toFile()))
				.start();
			return new RedisProcess(process, directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + binary, ex);
		}
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Sends SIGTERM, which Redis treats like SHUTDOWN, and falls back to SIGKILL after the grace period. */
	void terminate(long graceMillis) {
		this.process.destroy();
		if (!waitForExit(graceMillis)) {
			kill();
		}
	}

	void kill() {
		this.process.destroyForcibly();
		if (!waitForExit(10_000)) {
			throw new IllegalStateException("redis-server " + pid() + " did not exit after SIGKILL");
		}
	}

	/**
	 * Sends a POSIX signal; Java offers only TERM and KILL, so STOP and CONT go through {@code kill}.
	 * @param signal the signal name without the {@code SIG} prefix
	 */
	void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).redirectErrorStream(true)
				.start();
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: " + output.trim());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run kill -" + signal, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling redis-server " + pid(), ex);
		}
	}

	private boolean waitForExit(long millis) {
		try {
			return this.process.waitFor(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Returns the last lines of the Redis log and of the console output, for error messages.
	 * @param directory the server directory
	 * @param count how many lines of each file
	 * @return the tail, never {@code null}
	 */
	static String logTail(Path directory, int count) {
		StringBuilder tail = new StringBuilder();
		for (String name : List.of(RedisConfig.LOG_FILE, CONSOLE_FILE)) {
			List<String> lines = readLines(directory.resolve(name));
			if (!lines.isEmpty()) {
				tail.append("--- ").append(name).append(" (last ").append(Math.min(count, lines.size()))
					.append(" lines) ---\n");
				lines.subList(Math.max(0, lines.size() - count), lines.size())
					.forEach((line) -> tail.append(line).append('\n'));
			}
		}
		return (tail.length() > 0) ? tail.toString() : "(no log output in " + directory + ")";
	}

	String logTail(int count) {
		return logTail(this.directory, count);
	}

	private static List<String> readLines(Path file) {
		try {
			return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
		}
		catch (IOException | UncheckedIOException ex) {
			return new ArrayList<>();
		}
	}

}

package io.github.redismessaging.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer application of a crash test ({@link CrashConsumer}, {@link PartitionConsumer}) running as a separate
 * JVM: started with {@link ProcessBuilder} on this JVM's class path, its output appended to a log file, ready once
 * that log holds the application's ready line, and signalled with SIGKILL, SIGTERM, SIGSTOP and SIGCONT.
 * <p>
 * The application's side is {@link ConsumerApplication}: it prints the ready line once its context has started.
 */
class ConsumerJvm {

	/** The name of the JVM in messages: the instance name. */
	final String name;

	private final String label;

	private final String ready;

	private final Path log;

	private final Process process;

	private final long startNanos = System.nanoTime();

	private volatile boolean ended;

	/**
	 * Starts the JVM.
	 * @param label what the lines this prints start with, the test's name
	 * @param name the instance's name
	 * @param main the class whose {@code main} runs
	 * @param ready the line the application prints once it is ready
	 * @param log where its output goes (appended); its folder is created
	 * @param arguments the arguments of {@code main}
	 * @throws IOException when the JVM cannot be started
	 */
	ConsumerJvm(String label, String name, Class<?> main, String ready, Path log, List<String> arguments)
			throws IOException {
		this.label = label;
		this.name = name;
		this.ready = ready;
		this.log = log;
		Files.createDirectories(log.getParent());
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
				main.getName()));
		command.addAll(arguments);
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
	}

	/** Waits until the log holds the ready line, and prints how long the start took. */
	ConsumerJvm awaitReady() {
		await(this.name + " started").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				assertAlive();
				return Files.readString(this.log).contains(this.ready);
			});
		System.out.println(this.label + ": " + this.name + " (pid " + this.process.pid() + ") ready after "
				+ millisSinceStart() + " ms");
		return this;
	}

	/** Whether the test ended the JVM on purpose, with {@link #kill()} or {@link #terminate()}. */
	boolean ended() {
		return this.ended;
	}

	long millisSinceStart() {
		return CrashTestSupport.millisSince(this.startNanos);
	}

	void assertAlive() {
		if (!this.process.isAlive()) {
			throw new AssertionError(this.name + " exited with status " + this.process.exitValue() + "\n"
					+ logTail(60));
		}
	}

	/** SIGKILL: {@link Process#destroyForcibly()} sends it on Linux; exit status 137 = 128 + 9 proves it. */
	void kill() throws InterruptedException {
		assertAlive();
		this.ended = true;
		this.process.destroyForcibly();
		assertThat(this.process.waitFor(10, TimeUnit.SECONDS)).as(this.name + " exited after SIGKILL").isTrue();
		assertThat(this.process.exitValue()).as(this.name + " exit status").isEqualTo(128 + 9);
	}

	/** SIGTERM: Spring Boot's shutdown hook closes the context; exit status 143 = 128 + 15 proves it. */
	void terminate() throws InterruptedException {
		assertAlive();
		this.ended = true;
		signal("TERM");
		assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as(this.name + " exited after SIGTERM").isTrue();
		assertThat(this.process.exitValue()).as(this.name + " exit status\n" + logTail(30)).isEqualTo(128 + 15);
	}

	/** SIGSTOP. */
	void stop() {
		signal("STOP");
	}

	/** SIGCONT. */
	void resume() {
		signal("CONT");
	}

	/** SIGCONT and SIGKILL, if it is still alive. */
	void destroy() {
		if (this.process.isAlive()) {
			signal("CONT");
			this.process.destroyForcibly();
		}
	}

	/** How many lines of the log contain the text. */
	long logLines(String text) {
		try {
			return Files.readAllLines(this.log).stream().filter((line) -> line.contains(text)).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid()))
				.redirectErrorStream(true)
				.start();
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

}

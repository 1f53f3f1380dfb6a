package io.github.redismessaging.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A real {@code redis-server} process on a loopback port, in a temporary directory of its own.
 *
 * <p>Besides starting and stopping, it can be killed ({@code SIGKILL}), paused ({@code SIGSTOP}) and resumed, and
 * restarted on the same port and directory, so that tests can exercise failures. Every started server is also
 * closed when the JVM exits, unless it is a node of a cluster whose owner closes it
 * ({@link RedisCluster.Builder#closeOnJvmExit}).
 *
 * <pre class="code">
 * try (RedisServer server = RedisServer.builder().appendOnly(true).start()) {
 *     RedisClient client = RedisClient.create(server.uri());
 *     ...
 * }
 * </pre>
 */
public final class RedisServer implements AutoCloseable {

	static final String HOST = "127.0.0.1";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

	private static final int START_ATTEMPTS = 3;

	private static final long STOP_GRACE_MILLIS = 5_000;

	private final boolean pickPort;

	private final boolean clusterBus;

	private final boolean closeOnJvmExit;

	private final boolean sentinel;

	private RedisConfig config;

	private Path directory;

	private RedisProcess process;

	private AdminConnection admin;

	private boolean paused;

	private boolean closed;

	private RedisServer(RedisConfig config, boolean clusterBus, boolean closeOnJvmExit, boolean sentinel) {
		this.pickPort = config.port() == 0;
		this.clusterBus = clusterBus;
		this.closeOnJvmExit = closeOnJvmExit;
		this.sentinel = sentinel;
		this.config = config;
	}

	/**
	 * Returns a builder for a server that is not started yet.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Writes {@code redis.conf} into a fresh temporary directory, launches {@code redis-server} and waits until it
	 * answers PING.
	 * @return this server
	 * @throws IllegalStateException if it is already running or closed, or does not come up in time; the message
	 * holds the tail of its log
	 */
	public synchronized RedisServer start() {
		if (this.closed) {
			throw new IllegalStateException("Server was closed");
		}
		if (this.process != null) {
			throw new IllegalStateException("Server was already started; use restart() after stop() or kill()");
		}
		this.directory = Cleanup.createDirectory("redis-messaging-test-");
		if (this.closeOnJvmExit) {
			Cleanup.register(this);
		}
		for (int attempt = 1;; attempt++) {
			if (this.pickPort) {
				this.config = this.config.withPort(FreePorts.next(this.clusterBus));
			}
			try {
				launchAndAwaitReady();
				return this;
			}
			catch (IllegalStateException ex) {
				// Another JVM may grab a port between our check and Redis binding it; a fresh port fixes that.
				boolean portTaken = this.pickPort && attempt < START_ATTEMPTS
						&& RedisProcess.logTail(this.directory, 20).contains("Address already in use");
				if (!portTaken) {
					close();
					throw ex;
				}
				clearLogs();
			}
		}
	}

	/** Sends SIGTERM, which Redis handles like {@code SHUTDOWN}, and waits for the process to exit. */
	public synchronized void stop() {
		if (isRunning()) {
			resume();
			this.process.terminate(STOP_GRACE_MILLIS);
		}
		this.paused = false;
	}

	/** Sends SIGKILL and waits for the process to exit; the directory, and so the AOF, is kept. */
	public synchronized void kill() {
		if (isRunning()) {
			this.process.kill();
		}
		this.paused = false;
	}

	/**
	 * Starts the server again on the same port, with the same directory and configuration, after {@link #stop()}
	 * or {@link #kill()}; waits until it answers PING and has loaded its data.
	 */
	public synchronized void restart() {
		if (this.process == null || this.closed) {
			throw new IllegalStateException("Only a started and not closed server can be restarted");
		}
		if (isRunning()) {
			throw new IllegalStateException("Server is still running; stop() or kill() it first");
		}
		launchAndAwaitReady();
	}

	/** Suspends the process with SIGSTOP: it keeps its sockets open but answers nothing. */
	public synchronized void pause() {
		requireRunning();
		if (!this.paused) {
			this.process.signal("STOP");
			this.paused = true;
		}
	}

	/** Continues a paused process with SIGCONT. */
	public synchronized void resume() {
		if (this.paused && isRunning()) {
			this.process.signal("CONT");
		}
		this.paused = false;
	}

	/**
	 * Returns whether the process is alive (a paused process is alive).
	 * @return whether the process is alive
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Returns whether the process is suspended by {@link #pause()}.
	 * @return whether the process is paused
	 */
	public synchronized boolean isPaused() {
		return this.paused;
	}

	/**
	 * Returns the address the server binds to.
	 * @return always {@code "127.0.0.1"}
	 */
	public String host() {
		return HOST;
	}

	/**
	 * Returns the port; chosen at start if the builder was given 0.
	 * @return the port
	 */
	public synchronized int port() {
		return this.config.port();
	}

	/**
	 * Returns a Lettuce URI for this server, with credentials if a password or user was configured.
	 * @return for example {@code redis://127.0.0.1:23456} or {@code redis://alice:secret@127.0.0.1:23456}
	 */
	public synchronized String uri() {
		String credentials = "";
		if (clientUsername() != null) {
			credentials = clientUsername() + ":" + clientPassword() + "@";
		}
		else if (clientPassword() != null) {
			credentials = ":" + clientPassword() + "@";
		}
		return "redis://" + credentials + HOST + ":" + port();
	}

	/**
	 * Returns the working directory holding {@code redis.conf}, the log and any persistence files.
	 * @return the directory, or {@code null} before the first start
	 */
	public synchronized Path directory() {
		return this.directory;
	}

	/**
	 * Returns the operating-system process id of the current (or last) process.
	 * @return the pid
	 */
	public synchronized long pid() {
		if (this.process == null) {
			throw new IllegalStateException("Server was never started");
		}
		return this.process.pid();
	}

	/** Removes all data with {@code FLUSHALL}. */
	public void flushAll() {
		admin().call((commands) -> commands.flushall());
	}

	/**
	 * Returns the last lines of this server's log, for diagnostics.
	 * @param lines how many lines
	 * @return the log tail
	 */
	public synchronized String logTail(int lines) {
		return (this.directory != null) ? RedisProcess.logTail(this.directory, lines) : "(never started)";
	}

	/** Stops the server (killing it if it does not stop in time) and deletes its directory. Idempotent. */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			stop();
		}
		finally {
			if (this.admin != null) {
				this.admin.close();
			}
			Cleanup.deleteDirectory(this.directory);
			Cleanup.unregister(this);
		}
	}

	synchronized AdminConnection admin() {
		if (this.admin == null) {
			this.admin = new AdminConnection(HOST, port(), clientUsername(), clientPassword());
		}
		return this.admin;
	}

	@Override
	public String toString() {
		return "RedisServer[" + HOST + ":" + this.config.port() + ", dir=" + this.directory + "]";
	}

	/** The ACL user if one was configured, since it has full rights; otherwise the default user. */
	synchronized String clientUsername() {
		return this.config.username();
	}

	synchronized String clientPassword() {
		return (this.config.username() != null) ? this.config.userPassword() : this.config.password();
	}

	private void requireRunning() {
		if (!isRunning()) {
			throw new IllegalStateException("Server is not running: " + this);
		}
	}

	private void launchAndAwaitReady() {
		Path configFile = this.config.write(this.directory);
		if (this.admin != null) {
			// The port may have changed since the last attempt.
			this.admin.close();
			this.admin = null;
		}
		this.process = RedisProcess.launch(RedisBinary.locate(), this.directory, configFile,
				this.sentinel ? List.of("--sentinel") : List.of());
		String missing = Poll.until(START_TIMEOUT, Duration.ofMillis(25), this::readiness);
		if (missing != null) {
			String message = "redis-server on port " + port() + " did not become ready within " + START_TIMEOUT
					+ " (" + missing + ")\n" + this.process.logTail(30);
			this.process.kill();
			throw new IllegalStateException(message);
		}
	}

	/** PING alone is not enough after a restart: while loading the AOF, Redis answers PING but rejects writes. */
	private String readiness() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException("redis-server on port " + port() + " exited during start\n"
					+ this.process.logTail(30));
		}
		try {
			if (this.sentinel) {
				// A sentinel holds no data, so answering is all there is to wait for.
				admin().call((commands) -> commands.ping());
				return null;
			}
			String info = admin().call((commands) -> {
				commands.ping();
				return commands.info("persistence");
			});
			return (info.contains("loading:0") && !info.contains("async_loading:1")) ? null : "still loading data";
		}
		catch (RuntimeException ex) {
			return Objects.toString(ex.getMessage(), ex.getClass().getName());
		}
	}

	/** Keeps the "Address already in use" of a failed attempt from being mistaken for the next one's. */
	private void clearLogs() {
		for (String name : List.of(RedisConfig.LOG_FILE, RedisProcess.CONSOLE_FILE)) {
			try {
				Files.deleteIfExists(this.directory.resolve(name));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/** Configures a {@link RedisServer}. */
	public static final class Builder {

		private int port;

		private boolean appendOnly;

		private String password;

		private String username;

		private String userPassword;

		private boolean clusterBus;

		private boolean closeOnJvmExit = true;

		private boolean sentinel;

		private final List<String> config = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Sets the port.
		 * @param port the port, or 0 (the default) to pick a free one
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("Invalid port " + port);
			}
			this.port = port;
			return this;
		}

		/**
		 * Sets whether AOF persistence is on ({@code appendfsync always}); when off, RDB snapshots are off too.
		 * @param appendOnly whether to persist with an append-only file
		 * @return this builder
		 */
		public Builder appendOnly(boolean appendOnly) {
			this.appendOnly = appendOnly;
			return this;
		}

		/**
		 * Sets the password of the default user ({@code requirepass}).
		 * @param password the password
		 * @return this builder
		 */
		public Builder password(String password) {
			this.password = Objects.requireNonNull(password, "password");
			return this;
		}

		/**
		 * Adds an ACL user with full rights; the default user keeps its password or {@code nopass}.
		 * @param username the user name
		 * @param password the user's password
		 * @return this builder
		 */
		public Builder user(String username, String password) {
			if (username == null || username.isBlank() || username.contains(" ") || password == null
					|| password.contains(" ")) {
				throw new IllegalArgumentException("User name and password must be non-empty and without spaces");
			}
			this.username = username;
			this.userPassword = password;
			return this;
		}

		/**
		 * Adds a line to {@code redis.conf}; later lines override earlier settings.
		 * @param line for example {@code "maxmemory 64mb"}
		 * @return this builder
		 */
		public Builder config(String line) {
			this.config.add(Objects.requireNonNull(line, "line"));
			return this;
		}

		/** Makes a picked port also keep {@code port + 10000} free, for the cluster bus. */
		Builder clusterBus(boolean clusterBus) {
			this.clusterBus = clusterBus;
			return this;
		}

		/** Whether the JVM shutdown hook closes the server: see {@link RedisCluster.Builder#closeOnJvmExit}. */
		Builder closeOnJvmExit(boolean closeOnJvmExit) {
			this.closeOnJvmExit = closeOnJvmExit;
			return this;
		}

		/**
		 * Runs the process as a Sentinel ({@code --sentinel}); its {@code sentinel ...} lines come from
		 * {@link #config(String)}, and it is ready as soon as it answers PING. A restart would write those lines
		 * again over what the sentinel has learnt and saved, so sentinels are not restarted.
		 */
		Builder sentinel(boolean sentinel) {
			this.sentinel = sentinel;
			return this;
		}

		/**
		 * Creates the server without starting it.
		 * @return a new server
		 */
		public RedisServer build() {
			return new RedisServer(new RedisConfig(this.port, this.appendOnly, this.password, this.username,
					this.userPassword, this.config), this.clusterBus, this.closeOnJvmExit, this.sentinel);
		}

		/**
		 * Creates and starts the server.
		 * @return the running server
		 */
		public RedisServer start() {
			return build().start();
		}

	}

}

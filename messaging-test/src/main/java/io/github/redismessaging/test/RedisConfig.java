package io.github.redismessaging.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of one Redis server and the {@code redis.conf} they produce.
 *
 * @param port the port to listen on
 * @param appendOnly whether AOF persistence is on
 * @param password the default user's password, or {@code null} for {@code nopass}
 * @param username the extra ACL user, or {@code null}
 * @param userPassword the extra ACL user's password
 * @param extraLines further configuration lines, appended last so they win
 */
record RedisConfig(int port, boolean appendOnly, String password, String username, String userPassword,
		List<String> extraLines) {

	static final String FILE_NAME = "redis.conf";

	static final String LOG_FILE = "redis.log";

	RedisConfig {
		extraLines = List.copyOf(extraLines);
	}

	RedisConfig withPort(int newPort) {
		return new RedisConfig(newPort, this.appendOnly, this.password, this.username, this.userPassword,
				this.extraLines);
	}

	List<String> lines(Path directory) {
		List<String> lines = new ArrayList<>();
		lines.add("port " + this.port);
		lines.add("bind 127.0.0.1");
		lines.add("protected-mode no");
		lines.add("daemonize no");
		lines.add("dir " + quote(directory.toAbsolutePath().toString()));
		lines.add("logfile " + quote(directory.resolve(LOG_FILE).toAbsolutePath().toString()));
		if (this.appendOnly) {
			lines.add("appendonly yes");
			// Tests kill -9 servers and expect every acknowledged write to survive.
			lines.add("appendfsync always");
		}
		else {
			lines.add("appendonly no");
			lines.add("save \"\"");
		}
		// Redis otherwise waits 5 s for more replicas before starting a full sync, which dominates test time.
		lines.add("repl-diskless-sync-delay 0");
		if (this.password != null) {
			lines.add("requirepass " + quote(this.password));
		}
		if (this.username != null) {
			lines.add("user " + this.username + " on >" + this.userPassword + " ~* &* +@all");
		}
		lines.addAll(this.extraLines);
		return lines;
	}

	Path write(Path directory) {
		Path file = directory.resolve(FILE_NAME);
		try {
			Files.write(file, lines(directory));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	private static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}

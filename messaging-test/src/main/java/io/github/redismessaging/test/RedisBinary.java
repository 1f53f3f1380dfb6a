package io.github.redismessaging.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Locates (or extracts) the {@code redis-server} 7 binary.
 *
 * <p>The search order is: the {@code REDIS_SERVER} environment variable, then {@code redis-server} on the
 * {@code PATH} (only if it is version 7 or later), then the Redis 7.0.15 binary carried by the
 * {@code org.signal:embedded-redis} jar, which is extracted once into
 * {@code ${java.io.tmpdir}/redis-messaging-test/7.0.15/redis-server}. The result is cached per JVM.
 */
public final class RedisBinary {

	/** Name of the environment variable that points at a {@code redis-server} executable. */
	public static final String ENV_VARIABLE = "REDIS_SERVER";

	static final String EMBEDDED_VERSION = "7.0.15";

	private static final System.Logger logger = System.getLogger(RedisBinary.class.getName());

	private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.");

	private static Path cached;

	private RedisBinary() {
	}

	/**
	 * Returns the path of a {@code redis-server} executable, extracting the embedded one if needed.
	 * @return an executable {@code redis-server}
	 * @throws IllegalStateException if none of the three sources yields a binary
	 */
	public static synchronized Path locate() {
		if (cached == null) {
			cached = fromEnvironment().or(RedisBinary::fromPath)
				.or(RedisBinary::fromEmbeddedJar)
				.orElseThrow(() -> new IllegalStateException("No redis-server 7 found. Set the " + ENV_VARIABLE
						+ " environment variable to an executable redis-server, put redis-server 7 on the PATH, "
						+ "or add org.signal:embedded-redis:0.9.1 (which carries Redis " + EMBEDDED_VERSION
						+ " for " + platform().orElse("linux/darwin amd64/arm64") + ") to the test classpath"));
			logger.log(Level.DEBUG, "Using redis-server at {0}", cached);
		}
		return cached;
	}

	/**
	 * Returns the major version reported by {@code redis-server --version}.
	 * @param binary the executable to ask
	 * @return the major version, or -1 if it could not be determined
	 */
	static int majorVersion(Path binary) {
		try {
			Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
			String output;
			try (InputStream in = process.getInputStream()) {
				output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return -1;
			}
			Matcher matcher = VERSION.matcher(output);
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static Optional<Path> fromEnvironment() {
		String value = System.getenv(ENV_VARIABLE);
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		Path path = Path.of(value);
		if (Files.isRegularFile(path) && Files.isExecutable(path)) {
			return Optional.of(path);
		}
		logger.log(Level.WARNING, "Ignoring {0}={1}: not an executable file", ENV_VARIABLE, value);
		return Optional.empty();
	}

	private static Optional<Path> fromPath() {
		// An older redis-server on the PATH would fail later in obscure ways (no ADDSLOTSRANGE, no ACL users).
		return onPath("redis-server").filter((candidate) -> majorVersion(candidate) >= 7).findFirst();
	}

	/**
	 * Returns the executable files of a name in the directories of the {@code PATH}, in order.
	 * @param name the file name
	 * @return the candidates, none if there is no {@code PATH}
	 */
	static Stream<Path> onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Stream.empty();
		}
		return Arrays.stream(path.split(File.pathSeparator)).filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, name))
			.filter((candidate) -> Files.isRegularFile(candidate) && Files.isExecutable(candidate));
	}

	private static Optional<Path> fromEmbeddedJar() {
		Optional<String> platform = platform();
		if (platform.isEmpty()) {
			return Optional.empty();
		}
		String resource = "redis-server-" + EMBEDDED_VERSION + "-" + platform.get();
		Path target = Path.of(System.getProperty("java.io.tmpdir"), "redis-messaging-test", EMBEDDED_VERSION,
				"redis-server");
		if (Files.isExecutable(target)) {
			return Optional.of(target);
		}
		try (InputStream in = RedisBinary.class.getResourceAsStream("/" + resource)) {
			if (in == null) {
				return Optional.empty();
			}
			extract(in, target);
			return Optional.of(target);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not extract " + resource + " to " + target, ex);
		}
	}

	/** Writes to a temporary file first so that concurrent JVMs never execute a half-written binary. */
	private static void extract(InputStream in, Path target) throws IOException {
		Files.createDirectories(target.getParent());
		Path temp = Files.createTempFile(target.getParent(), "redis-server-", ".tmp");
		try {
			Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private static Optional<String> platform() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		String osPart = os.contains("linux") ? "linux" : (os.contains("mac") || os.contains("darwin")) ? "darwin" : null;
		String archPart = switch (arch) {
			case "amd64", "x86_64" -> "amd64";
			case "aarch64", "arm64" -> "arm64";
			default -> null;
		};
		return (osPart != null && archPart != null) ? Optional.of(osPart + "-" + archPart) : Optional.empty();
	}

}

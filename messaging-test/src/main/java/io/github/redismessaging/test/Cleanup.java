package io.github.redismessaging.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Closes every started server and cluster when the JVM exits, so that a failing or aborted test run leaves no
 * {@code redis-server} processes or temporary directories behind. A single hook serves the whole JVM.
 */
final class Cleanup {

	private static final System.Logger logger = System.getLogger(Cleanup.class.getName());

	private static final Set<AutoCloseable> resources = new LinkedHashSet<>();

	private static boolean hookInstalled;

	private Cleanup() {
	}

	static synchronized void register(AutoCloseable resource) {
		if (!hookInstalled) {
			Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::closeAll, "redis-messaging-test-cleanup"));
			hookInstalled = true;
		}
		resources.add(resource);
	}

	static synchronized void unregister(AutoCloseable resource) {
		resources.remove(resource);
	}

	private static void closeAll() {
		List<AutoCloseable> toClose;
		synchronized (Cleanup.class) {
			toClose = new ArrayList<>(resources);
		}
		// A cluster registers before its nodes, so it comes first and kills them instead of shutting each down.
		for (AutoCloseable resource : toClose) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				logger.log(Level.WARNING, "Could not close " + resource, ex);
			}
		}
	}

	static Path createDirectory(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a temporary directory", ex);
		}
	}

	static void deleteDirectory(Path directory) {
		if (directory == null || !Files.exists(directory)) {
			return;
		}
		try {
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
					Files.deleteIfExists(dir);
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (NoSuchFileException ex) {
			// Already gone; nothing left to delete.
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + directory, ex);
		}
	}

}

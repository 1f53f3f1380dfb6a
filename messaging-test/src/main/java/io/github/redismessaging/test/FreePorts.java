package io.github.redismessaging.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free loopback ports for Redis servers.
 *
 * <p>Ports are drawn at random from 20000-49999 rather than from the OS ephemeral range, so that they do not collide
 * with outgoing connections and are unlikely to collide with other JVMs doing the same. A port handed out once is
 * never handed out again by this JVM, because a killed server keeps its port for {@code restart()}.
 */
final class FreePorts {

	/** Redis listens for the cluster bus on the data port plus this offset. */
	static final int BUS_OFFSET = 10000;

	private static final int LOW = 20000;

	private static final int HIGH = 50000;

	private static final int ATTEMPTS = 500;

	private static final Set<Integer> handedOut = new HashSet<>();

	private FreePorts() {
	}

	/**
	 * Returns a port that is free now and, for cluster nodes, whose bus port is free too.
	 * @param withBus whether {@code port + 10000} must be free as well
	 * @return a free port
	 */
	static synchronized int next(boolean withBus) {
		for (int i = 0; i < ATTEMPTS; i++) {
			int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
			if (!handedOut.contains(port) && isFree(port) && (!withBus || isFree(port + BUS_OFFSET))) {
				handedOut.add(port);
				return port;
			}
		}
		throw new IllegalStateException("No free port found in " + LOW + "-" + HIGH + " after " + ATTEMPTS + " tries");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}

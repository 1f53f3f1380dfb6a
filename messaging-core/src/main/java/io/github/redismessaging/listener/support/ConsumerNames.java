package io.github.redismessaging.listener.support;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.UUID;

/**
 * Default consumer names: {@code <listenerId>-<host>-<random>}, unique per instance, so that restarted or
 * scaled-out instances never share a consumer name (and with it pending entries).
 */
public final class ConsumerNames {

	private ConsumerNames() {
	}

	/**
	 * A new unique consumer name.
	 * @param listenerId the listener id
	 * @return the name
	 */
	public static String unique(String listenerId) {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			host = ManagementFactory.getRuntimeMXBean().getName();
		}
		return listenerId + "-" + host + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}

package io.github.redismessaging.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Channel and pattern names as the byte arrays the Lettuce connections take.
 */
final class PubSubNames {

	private PubSubNames() {
	}

	static byte[][] encode(Collection<String> names) {
		return names.stream().map((name) -> name.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
	}

	static String decode(byte[] name) {
		return new String(name, StandardCharsets.UTF_8);
	}

}

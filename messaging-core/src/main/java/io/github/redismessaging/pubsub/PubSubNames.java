package io.github.redismessaging.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

	/**
	 * Decodes the names of received messages, remembering the last one: a subscription mostly receives the same
	 * few channels, so most messages then cost a comparison rather than a new string. Safe on several event loops
	 * at once: what it remembers is immutable.
	 */
	static final class Decoder {

		private Last last = new Last(new byte[0], "");

		String decode(byte[] name) {
			Last seen = this.last;
			if (Arrays.equals(seen.bytes(), name)) {
				return seen.text();
			}
			String text = PubSubNames.decode(name);
			this.last = new Last(name, text);
			return text;
		}

		private record Last(byte[] bytes, String text) {
		}

	}

}

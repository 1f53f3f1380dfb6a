package io.github.redismessaging.keys;

/**
 * Names Redis keys: applies the configured prefix to queue and stream names, and derives their companion keys
 * ({@code {emails}:dlq}) so that a companion always hashes to the same cluster slot as its data key. That is what
 * makes multi-key commands and scripts over a key and its companions legal in a cluster.
 */
public final class KeyNames {

	/** Key names without a prefix. */
	public static final KeyNames NO_PREFIX = new KeyNames("");

	private final String prefix;

	/**
	 * Creates key names with a prefix.
	 * @param prefix prepended to every queue and stream name, for example {@code "billing:"}; empty for none
	 */
	public KeyNames(String prefix) {
		this.prefix = (prefix != null) ? prefix : "";
	}

	/**
	 * The key of a queue or stream.
	 * @param name the name used in annotations and template calls
	 * @return the prefixed key
	 */
	public String key(String name) {
		return this.prefix + name;
	}

	/**
	 * The key of a companion of a queue or stream: {@code {key}:suffix}, or {@code key:suffix} when the key
	 * already contains a hash tag, so that the companion shares the key's slot either way.
	 * @param name the name used in annotations and template calls
	 * @param suffix the companion's role, for example {@code dlq}
	 * @return the companion key
	 */
	public String companion(String name, String suffix) {
		String key = key(name);
		return hasHashTag(key) ? key + ":" + suffix : "{" + key + "}:" + suffix;
	}

	/**
	 * The dead-letter key of a queue or stream.
	 * @param name the name used in annotations and template calls
	 * @return {@code {key}:dlq}
	 */
	public String deadLetter(String name) {
		return companion(name, "dlq");
	}

	/**
	 * Whether Redis Cluster would hash only part of the key: a {@code {...}} section with at least one character.
	 */
	private static boolean hasHashTag(String key) {
		int open = key.indexOf('{');
		if (open < 0) {
			return false;
		}
		int close = key.indexOf('}', open + 1);
		return close > open + 1;
	}

}

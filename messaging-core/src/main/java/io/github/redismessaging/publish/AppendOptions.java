package io.github.redismessaging.publish;

import java.time.Duration;

/**
 * How an entry is appended to a stream: today, <b>idempotently</b>. Immutable: each method returns a copy.
 * <p>
 * An append with an idempotency key adds an entry only the first time the key is seen within its TTL (the window):
 * an append that is retried with the same key, for example after its reply was lost to a timeout or a dropped
 * connection, adds no second entry and returns the id of the first. One script on the stream's slot checks
 * {@code {stream}:idem:<key>}, appends (XADD) and remembers the entry id there for the TTL, so that concurrent
 * retries add one entry. The key names the append, not its content: a second append with the same key and another
 * payload adds nothing either. The id returned is the first entry's even if that entry has since been trimmed or
 * deleted. Once the window has passed, the key is forgotten and an append with it adds a new entry: retry within
 * the window.
 */
public final class AppendOptions {

	/** The window of an idempotency key when none is given: 24 hours after the first append. */
	public static final Duration DEFAULT_TTL = Duration.ofHours(24);

	/** The longest window of an idempotency key. */
	public static final Duration MAX_TTL = Duration.ofDays(365);

	/** The longest idempotency key, in characters. */
	public static final int MAX_KEY_LENGTH = Arguments.MAX_KEY_LENGTH;

	private final String idempotencyKey;

	private final Duration ttl;

	private AppendOptions(String idempotencyKey, Duration ttl) {
		this.idempotencyKey = idempotencyKey;
		this.ttl = ttl;
	}

	/**
	 * An idempotent append: within {@link #DEFAULT_TTL} of the first append with this key, another adds nothing and
	 * returns the first entry's id.
	 * @param key the key, unique per stream, for example the producer's request id; at most
	 * {@value #MAX_KEY_LENGTH} characters
	 * @return the options
	 * @throws IllegalArgumentException if the key is blank or too long
	 */
	public static AppendOptions idempotent(String key) {
		return new AppendOptions(Arguments.key(key, "idempotency key"), DEFAULT_TTL);
	}

	/**
	 * The same options with another window: how long after the first append the key is remembered.
	 * @param ttl at least 1 ms, at most {@link #MAX_TTL}
	 * @return the options
	 * @throws IllegalArgumentException if the TTL is below 1 ms or above {@link #MAX_TTL}
	 */
	public AppendOptions ttl(Duration ttl) {
		return new AppendOptions(this.idempotencyKey, Arguments.ttl(ttl, MAX_TTL));
	}

	/**
	 * The idempotency key.
	 * @return the key
	 */
	public String idempotencyKey() {
		return this.idempotencyKey;
	}

	/**
	 * How long after the first append the key is remembered.
	 * @return the TTL
	 */
	public Duration ttl() {
		return this.ttl;
	}

	@Override
	public String toString() {
		return "AppendOptions[idempotent=" + this.idempotencyKey + ", ttl=" + this.ttl + "]";
	}

}

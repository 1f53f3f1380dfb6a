package io.github.redismessaging.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.stream.StreamEntryId;

/**
 * Checks the arguments of the template's inspection calls before anything is sent to Redis, with messages that name
 * the argument, and tells stream entry ids from other text.
 */
final class Arguments {

	/** The most entries, items or leases one inspection call returns; a larger count is lowered to it. */
	static final int MAX_COUNT = 1000;

	/** The longest unique job key or idempotency key, in characters. */
	static final int MAX_KEY_LENGTH = 512;


	private static final Duration LONGEST = Duration.ofMillis(Long.MAX_VALUE);

	private Arguments() {
	}

	/**
	 * A count of at least 1, lowered to {@value #MAX_COUNT}.
	 */
	static int count(int count) {
		if (count < 1) {
			throw new IllegalArgumentException("count must be at least 1, not " + count);
		}
		return Math.min(count, MAX_COUNT);
	}

	/**
	 * A name that is not blank.
	 * @param what what it names, for the message
	 */
	static String name(@Nullable String name, String what) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException(what + " must not be blank");
		}
		return name;
	}

	/**
	 * A unique job key or an idempotency key: not blank, at most {@value #MAX_KEY_LENGTH} characters.
	 * @param what what it is, for the message
	 */
	static String key(@Nullable String key, String what) {
		String checked = name(key, what);
		if (checked.length() > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException(what + " must be at most " + MAX_KEY_LENGTH + " characters, not "
					+ checked.length());
		}
		return checked;
	}

	/**
	 * The time to live of a unique job key or an idempotency key: at least 1 ms (Redis expires keys by the
	 * millisecond), at most {@code max}.
	 */
	static Duration ttl(@Nullable Duration ttl, Duration max) {
		if (ttl == null || ttl.compareTo(Duration.ofMillis(1)) < 0 || ttl.compareTo(max) > 0) {
			throw new IllegalArgumentException("ttl must be at least 1 ms and at most " + max + ", not " + ttl);
		}
		return ttl;
	}

	/**
	 * A duration of at least 0 in milliseconds, a longer one than a {@code long} holds lowered to
	 * {@link Long#MAX_VALUE}.
	 */
	static long minIdleMillis(@Nullable Duration minIdle) {
		if (minIdle == null || minIdle.isNegative()) {
			throw new IllegalArgumentException("minIdle must be zero or positive, not " + minIdle);
		}
		return (minIdle.compareTo(LONGEST) > 0) ? Long.MAX_VALUE : minIdle.toMillis();
	}

	/**
	 * Stream entry ids without repeats, in their order. All are checked before any is used: Redis does not undo
	 * what a command or script did before it reached a bad one.
	 */
	static List<String> entryIds(@Nullable Collection<String> ids) {
		if (ids == null) {
			throw new IllegalArgumentException("ids must not be null");
		}
		for (String id : ids) {
			if (!isEntryId(id)) {
				throw new IllegalArgumentException("'" + id + "' is not a stream entry id such as 1700000000000-0");
			}
		}
		return new ArrayList<>(new LinkedHashSet<>(ids));
	}

	/**
	 * At most {@value #MAX_COUNT} stream entry ids in their exact form {@code <ms>-<seq>}, without repeats, in their
	 * order. A bare {@code <ms>} becomes {@code <ms>-0}, as XCLAIM and XACK read it, since a range command would read
	 * it as every entry of that millisecond. Numbers beyond 64 bits are refused here rather than by Redis halfway
	 * through a script.
	 */
	static List<String> exactEntryIds(@Nullable Collection<String> ids) {
		LinkedHashSet<String> exact = new LinkedHashSet<>();
		for (String id : entryIds(ids)) {
			StreamEntryId parsed = StreamEntryId.parse(id);
			if (parsed == null) {
				throw new IllegalArgumentException("'" + id + "' is not a stream entry id: its numbers exceed 64 bits");
			}
			exact.add(parsed.toString());
		}
		if (exact.size() > MAX_COUNT) {
			throw new IllegalArgumentException("at most " + MAX_COUNT + " ids at a time, not " + exact.size());
		}
		return new ArrayList<>(exact);
	}

	/**
	 * Ids of any shape without repeats; none may be blank.
	 */
	static List<String> ids(@Nullable Collection<String> ids) {
		if (ids == null) {
			throw new IllegalArgumentException("ids must not be null");
		}
		for (String id : ids) {
			name(id, "an id");
		}
		return new ArrayList<>(new LinkedHashSet<>(ids));
	}

	/**
	 * Whether text is a stream entry id: {@code <ms>-<seq>} or {@code <ms>}.
	 */
	static boolean isEntryId(@Nullable String text) {
		return StreamEntryId.matches(text);
	}

}

package io.github.redismessaging.stream;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A stream entry id, {@code <ms>-<seq>}, both parts unsigned 64-bit numbers (held in {@code long}s, read unsigned).
 * The one place where entry ids given by users, operators or Redis are checked and read.
 *
 * @param millis the milliseconds part
 * @param sequence the sequence part
 */
public record StreamEntryId(long millis, long sequence) {

	private static final Pattern SHAPE = Pattern.compile("(\\d+)(?:-(\\d+))?");

	/**
	 * Whether a text has the shape of an entry id, {@code <ms>-<seq>} or {@code <ms>}, whatever the size of its
	 * numbers.
	 * @param text the text
	 * @return whether it has
	 */
	public static boolean matches(@Nullable String text) {
		return text != null && SHAPE.matcher(text).matches();
	}

	/**
	 * Reads an entry id as Redis reads it: {@code <ms>} is {@code <ms>-0}.
	 * @param text the text
	 * @return the id, or {@code null} if the text is not an entry id or a part exceeds 64 bits
	 */
	public static @Nullable StreamEntryId parse(@Nullable String text) {
		if (text == null) {
			return null;
		}
		Matcher matcher = SHAPE.matcher(text);
		if (!matcher.matches()) {
			return null;
		}
		try {
			return new StreamEntryId(Long.parseUnsignedLong(matcher.group(1)),
					(matcher.group(2) != null) ? Long.parseUnsignedLong(matcher.group(2)) : 0);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Whether this is the last possible id, {@code 18446744073709551615-18446744073709551615}, which nothing follows.
	 * @return whether it is
	 */
	public boolean isLast() {
		return this.millis == -1 && this.sequence == -1;
	}

	/**
	 * The id just before this one, so that reading "after" it starts at this one.
	 * @return the previous id, or {@code null} for {@code 0-0}
	 */
	public @Nullable StreamEntryId previous() {
		if (this.sequence != 0) {
			return new StreamEntryId(this.millis, this.sequence - 1);
		}
		return (this.millis == 0) ? null : new StreamEntryId(this.millis - 1, -1);
	}

	/**
	 * The id in its exact form, {@code <ms>-<seq>}.
	 */
	@Override
	public String toString() {
		return Long.toUnsignedString(this.millis) + "-" + Long.toUnsignedString(this.sequence);
	}

}

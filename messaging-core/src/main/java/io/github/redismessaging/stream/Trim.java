package io.github.redismessaging.stream;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.XAddArgs;

/**
 * Retention applied when appending to a stream: by length ({@code MAXLEN ~ n}) or by age
 * ({@code MINID ~ <now - age>}). Trimming is approximate ({@code ~}): Redis removes whole internal nodes only,
 * so a stream may keep somewhat more than asked, never fewer.
 */
public final class Trim {

	private final Long maxLength;

	private final Duration maxAge;

	private Trim(Long maxLength, Duration maxAge) {
		this.maxLength = maxLength;
		this.maxAge = maxAge;
	}

	/**
	 * Keeps about the newest {@code n} entries.
	 * @param n the length to keep
	 * @return the trim
	 */
	public static Trim maxLength(long n) {
		if (n < 0) {
			throw new IllegalArgumentException("maxLength must not be negative: " + n);
		}
		return new Trim(n, null);
	}

	/**
	 * Keeps about the entries younger than {@code age}, judged by their ids' timestamps.
	 * @param age the age to keep
	 * @return the trim
	 */
	public static Trim maxAge(Duration age) {
		if (age.isNegative()) {
			throw new IllegalArgumentException("maxAge must not be negative: " + age);
		}
		return new Trim(null, age);
	}

	/**
	 * Applies the trim to XADD arguments.
	 * @param args the arguments
	 * @return the same arguments
	 */
	public XAddArgs applyTo(XAddArgs args) {
		if (this.maxLength != null) {
			args.maxlen(this.maxLength);
		}
		else {
			args.minId(minId());
		}
		return args.approximateTrimming();
	}

	/**
	 * The trim as arguments of XADD or XTRIM, for scripts that append: {@code MAXLEN ~ <n>} or
	 * {@code MINID ~ <id>}.
	 * @return the arguments, in order
	 */
	public List<String> arguments() {
		return (this.maxLength != null) ? List.of("MAXLEN", "~", Long.toString(this.maxLength))
				: List.of("MINID", "~", minId());
	}

	private String minId() {
		return (System.currentTimeMillis() - this.maxAge.toMillis()) + "-0";
	}

}

package io.github.redismessaging.queue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

import io.github.redismessaging.listener.ListenerAttributes;

/**
 * A global rate limit, written {@code <count>/<window>} as in {@code rateLimit = "100/1s"}: at most {@code count}
 * items are taken from a queue in any window of that length, by every consumer of the queue together, wherever it
 * runs. The take and pop scripts keep the limit in a sliding window on the queue's slot ({@code {q}:rate}, see
 * {@link QueueScripts#TAKE}); items over the limit wait in the queue.
 *
 * @param count the most items taken in one window, at least 1
 * @param window the window's length, at least 1 ms
 */
record RateLimit(int count, Duration window) {

	/** The attribute, empty for no limit. */
	static final String ATTRIBUTE = "rateLimit";

	// a duration with its unit: a bare number would silently mean milliseconds
	private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})/(\\S*\\D)");

	private static final List<String> VALID = List.of("<count>/<duration>, such as 100/1s or 1000/1m");

	/**
	 * Reads the {@value #ATTRIBUTE} attribute of a listener.
	 * @param attributes the listener's attributes
	 * @return the limit, or {@code null} if the attribute is empty
	 * @throws io.github.redismessaging.listener.ListenerConfigurationException if it is not a count of at least 1,
	 * a slash and a duration of at least 1 ms
	 */
	static @Nullable RateLimit from(ListenerAttributes attributes) {
		String text = attributes.getString(ATTRIBUTE);
		if (text == null || text.isBlank()) {
			return null;
		}
		String problem = "'" + text + "' (from " + attributes.source(ATTRIBUTE) + ") ";
		Matcher matcher = SYNTAX.matcher(text.trim());
		if (!matcher.matches()) {
			throw attributes.invalid(ATTRIBUTE, problem + "is not <count>/<duration>, such as 100/1s", VALID);
		}
		int count = Integer.parseInt(matcher.group(1));
		if (count < 1) {
			throw attributes.invalid(ATTRIBUTE, problem + "allows no item; the count must be at least 1", VALID);
		}
		Duration window;
		try {
			window = DurationStyle.detectAndParse(matcher.group(2));
		}
		catch (IllegalArgumentException ex) {
			throw attributes.invalid(ATTRIBUTE, problem + "has no valid duration after the slash; use one such as "
					+ "500ms, 1s or 1m", VALID);
		}
		if (window.compareTo(Duration.ofMillis(1)) < 0) {
			throw attributes.invalid(ATTRIBUTE, problem + "has a window shorter than 1ms", VALID);
		}
		return new RateLimit(count, window);
	}

}

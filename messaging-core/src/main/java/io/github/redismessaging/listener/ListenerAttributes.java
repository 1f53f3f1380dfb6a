package io.github.redismessaging.listener;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.StringUtils;

import io.github.redismessaging.listener.ListenerConfigurationException.InvalidAttribute;

/**
 * The resolved settings of one listener: string values layered from defaults, properties and annotation
 * attributes, read back as typed values. Every value remembers where it came from, so that an invalid value
 * produces a message naming the listener, the attribute and its source.
 */
public final class ListenerAttributes {

	/**
	 * The shorthand of a retry backoff, {@code delay[,multiplier[,maxDelay]]}, as in
	 * {@code @QueueListener(backoff = "1s,2,1m")}. A layer that sets it sets the parts it names,
	 * {@code backoff.delay}, {@code backoff.multiplier} and {@code backoff.maxDelay}, at that layer's rank: a later
	 * layer may still change one part, and a part left out (or blank, as in {@code 2s,,5m}) keeps the value of
	 * the layers before.
	 */
	public static final String BACKOFF = "backoff";

	private static final List<String> BACKOFF_PARTS = List.of("backoff.delay", "backoff.multiplier",
			"backoff.maxDelay");

	private static final String BACKOFF_SYNTAX = "delay[,multiplier[,maxDelay]], such as 1s,2,1m";

	private static final ConversionService CONVERSION = ApplicationConversionService.getSharedInstance();

	private final String owner;

	private final Map<String, Value> values;

	private ListenerAttributes(String owner, Map<String, Value> values) {
		this.owner = owner;
		this.values = values;
	}

	/**
	 * Starts an empty set of attributes.
	 * @param owner describes the listener in error messages, for example
	 * {@code @RedisSubscriber 'prices' (bean 'priceListener', method PriceListener.onPrice(Price))}
	 * @return a builder
	 */
	public static Builder builder(String owner) {
		return new Builder(owner);
	}

	/**
	 * The raw value of an attribute.
	 * @param name the attribute name
	 * @return the value, or {@code null} if no layer set it
	 */
	public String getString(String name) {
		Value value = this.values.get(name);
		return (value != null) ? value.text() : null;
	}

	/**
	 * A comma-separated attribute as a list, blank elements dropped.
	 * @param name the attribute name
	 * @return the elements, empty if unset
	 */
	public List<String> getList(String name) {
		String text = getString(name);
		if (text == null) {
			return List.of();
		}
		return Arrays.stream(text.split(",")).map(String::trim).filter(StringUtils::hasText).toList();
	}

	/**
	 * A required attribute converted to a type (numbers, booleans, enums, durations such as {@code 500ms}).
	 * @param <T> the type
	 * @param name the attribute name
	 * @param type the type
	 * @return the converted value
	 * @throws ListenerConfigurationException if the attribute is missing or cannot be converted
	 */
	public <T> T get(String name, Class<T> type) {
		Value value = this.values.get(name);
		if (value == null) {
			throw invalid(name, "a value is required", validValues(type));
		}
		try {
			T converted = CONVERSION.convert(value.text().trim(), type);
			if (converted == null) {
				throw invalid(name, "a value is required", validValues(type));
			}
			return converted;
		}
		catch (ConversionException ex) {
			throw invalid(name, "'" + value.text() + "' (from " + value.source() + ") is not a valid "
					+ type.getSimpleName(), validValues(type));
		}
	}

	/**
	 * A required integer attribute with a lower bound.
	 * @param name the attribute name
	 * @param min the smallest allowed value
	 * @return the value
	 * @throws ListenerConfigurationException if missing, not a number, or below {@code min}
	 */
	public int getInt(String name, int min) {
		int value = get(name, Integer.class);
		if (value < min) {
			throw invalid(name, "must be at least " + min + " but is " + value + " (from " + source(name) + ")",
					List.of("a whole number of at least " + min));
		}
		return value;
	}

	/**
	 * Where an attribute's value came from.
	 * @param name the attribute name
	 * @return the source description, or {@code "nowhere"} if unset
	 */
	public String source(String name) {
		Value value = this.values.get(name);
		return (value != null) ? value.source() : "nowhere";
	}

	/**
	 * Creates the exception for an invalid attribute of this listener.
	 * @param name the attribute name
	 * @param problem what is wrong and, where possible, how to fix it
	 * @return the exception to throw
	 */
	public ListenerConfigurationException invalid(String name, String problem) {
		return invalid(name, problem, List.of());
	}

	/**
	 * Creates the exception for an invalid attribute of this listener that accepts known values.
	 * @param name the attribute name
	 * @param problem what is wrong and, where possible, how to fix it
	 * @param validValues the values the attribute accepts, or descriptions of them such as
	 * {@code "an entry id such as 1700000000000-0"}
	 * @return the exception to throw
	 */
	public ListenerConfigurationException invalid(String name, String problem, List<String> validValues) {
		Value value = this.values.get(name);
		if (value != null && value.shorthand() != null) {
			// name the attribute the value was written in
			return new ListenerConfigurationException(this.owner + ": attribute '" + value.shorthand() + "' ("
					+ name + "): " + problem,
					new InvalidAttribute(value.shorthand(), value.source(), List.of(BACKOFF_SYNTAX)));
		}
		return new ListenerConfigurationException(this.owner + ": attribute '" + name + "': " + problem,
				new InvalidAttribute(name, (value != null) ? value.source() : null, validValues));
	}

	/**
	 * The listener description used in messages.
	 * @return the description
	 */
	public String owner() {
		return this.owner;
	}

	private static List<String> validValues(Class<?> type) {
		if (type.isEnum()) {
			return Arrays.stream(type.getEnumConstants()).map((constant) -> ((Enum<?>) constant).name()).toList();
		}
		if (type == Boolean.class) {
			return List.of("true", "false");
		}
		if (type == Duration.class) {
			return List.of("a duration such as 500ms, 2s or 1m");
		}
		if (type == Integer.class) {
			return List.of("a whole number");
		}
		return List.of();
	}

	/**
	 * One attribute's value.
	 * @param shorthand the attribute the value was written in, if that was {@link #BACKOFF}
	 */
	private record Value(String text, String source, @Nullable String shorthand) {
	}

	/**
	 * Builds {@link ListenerAttributes} layer by layer; a later layer overrides an earlier one.
	 */
	public static final class Builder {

		private final String owner;

		private final Map<String, Value> values = new LinkedHashMap<>();

		private Builder(String owner) {
			this.owner = owner;
		}

		/**
		 * Adds a layer. Blank values are ignored, so an empty annotation attribute does not hide a default. The
		 * shorthand {@value ListenerAttributes#BACKOFF} sets the parts it names.
		 * @param source where the values come from, for messages
		 * @param layer attribute name to value
		 * @return this builder
		 * @throws ListenerConfigurationException if a {@value ListenerAttributes#BACKOFF} shorthand has too many
		 * parts
		 */
		public Builder layer(String source, Map<String, String> layer) {
			layer.forEach((name, text) -> {
				if (!StringUtils.hasText(text)) {
					return;
				}
				if (BACKOFF.equals(name)) {
					backoff(source, text);
				}
				else {
					this.values.put(name, new Value(text, source, null));
				}
			});
			return this;
		}

		private void backoff(String source, String text) {
			String[] parts = text.split(",", -1);
			if (parts.length > BACKOFF_PARTS.size()) {
				throw new ListenerConfigurationException(this.owner + ": attribute '" + BACKOFF + "': '" + text
						+ "' (from " + source + ") is not " + BACKOFF_SYNTAX,
						new InvalidAttribute(BACKOFF, source, List.of(BACKOFF_SYNTAX)));
			}
			for (int i = 0; i < parts.length; i++) {
				if (StringUtils.hasText(parts[i])) {
					this.values.put(BACKOFF_PARTS.get(i), new Value(parts[i].trim(), source, BACKOFF));
				}
			}
		}

		/**
		 * The values of the layers added so far, shorthands split into their parts.
		 * @return attribute name to value
		 */
		public Map<String, String> snapshot() {
			Map<String, String> texts = new LinkedHashMap<>();
			this.values.forEach((name, value) -> texts.put(name, value.text()));
			return texts;
		}

		/**
		 * Builds the attributes.
		 * @return the attributes
		 */
		public ListenerAttributes build() {
			return new ListenerAttributes(this.owner, Map.copyOf(this.values));
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.beans.PropertyDescriptor;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.ListenerSettingsSource;

/**
 * Exposes the bound {@link RedisMessagingProperties} as the string layers listener settings are resolved from.
 * <p>
 * The mapping is generic: each property that is set becomes the attribute of the same name, the Java property name
 * (camelCase, as on the annotations), with a dot before the properties of a nested block such as
 * {@code backoff.maxDelay}. Lists are joined with commas, enums give their constant's name, everything else its
 * {@code toString()}, durations included (ISO-8601, which the attributes parse). Unset properties ({@code null})
 * give no attribute, so the layers below, and in the end the library's built-in defaults, keep their values.
 */
final class PropertiesListenerSettingsSource implements ListenerSettingsSource {

	private static final String PROPERTIES = "properties ";

	private final RedisMessagingProperties properties;

	PropertiesListenerSettingsSource(RedisMessagingProperties properties) {
		this.properties = properties;
	}

	@Override
	public Map<String, String> kindDefaults(ListenerKind kind) {
		return attributes(switch (kind) {
			case PUBSUB -> this.properties.getPubsub().getDefaults();
			case STREAM -> this.properties.getStream().getDefaults();
			case QUEUE -> this.properties.getQueue().getDefaults();
		});
	}

	@Override
	public Map<String, String> listenerOverrides(String listenerId) {
		ListenerOverrides listener = this.properties.getListeners().get(listenerId);
		return (listener != null) ? attributes(listener) : Map.of();
	}

	/**
	 * The attributes a block of listener settings sets.
	 * @param settings the bound settings
	 * @return attribute name to value, without the unset properties
	 */
	static Map<String, String> attributes(ListenerSettings settings) {
		Map<String, String> attributes = new LinkedHashMap<>();
		collect("", new BeanWrapperImpl(settings), attributes);
		return attributes;
	}

	private static void collect(String prefix, BeanWrapper settings, Map<String, String> attributes) {
		for (PropertyDescriptor property : settings.getPropertyDescriptors()) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			Object value = settings.getPropertyValue(property.getName());
			if (value == null) {
				continue;
			}
			String name = prefix + property.getName();
			String text = text(value);
			if (text != null) {
				attributes.put(name, text);
			}
			else {
				collect(name + ".", new BeanWrapperImpl(value), attributes);
			}
		}
	}

	/**
	 * A value as an attribute holds it, or {@code null} for a nested block of settings.
	 */
	private static @Nullable String text(Object value) {
		if (value instanceof Collection<?> elements) {
			return elements.stream().map(String::valueOf).collect(Collectors.joining(","));
		}
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Duration) {
			return value.toString();
		}
		return null;
	}

	@Override
	public Set<String> overriddenListenerIds() {
		return this.properties.getListeners().keySet();
	}

	@Override
	public String describeKindDefaults(ListenerKind kind) {
		return PROPERTIES + "redis.messaging." + kind.propertyName() + ".defaults.*";
	}

	@Override
	public String describeListenerOverrides(String listenerId) {
		return PROPERTIES + "redis.messaging.listeners." + listenerId + ".*";
	}

	/**
	 * The property that sets an attribute in a layer this source describes.
	 * @param source a layer description, as in {@link #describeListenerOverrides(String)}
	 * @param attribute the attribute name (camelCase, with a dot before the properties of a nested block)
	 * @return the property name, or {@code null} if the layer is not one of this source's
	 */
	static @Nullable String propertyName(String source, String attribute) {
		if (!source.startsWith(PROPERTIES) || !source.endsWith(".*")) {
			return null;
		}
		return source.substring(PROPERTIES.length(), source.length() - 1)
				+ DataObjectPropertyName.toDashedForm(attribute);
	}

}

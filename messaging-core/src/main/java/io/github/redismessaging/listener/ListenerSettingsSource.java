package io.github.redismessaging.listener;

import java.util.Map;
import java.util.Set;

/**
 * Supplies the externally configured layers of listener settings. Values are strings, exactly as an annotation
 * attribute would hold them; lists are comma-separated.
 * <p>
 * Settings resolve in this order, later winning: the container's built-in defaults,
 * {@link #kindDefaults(ListenerKind)}, the annotation's attributes, {@link #listenerOverrides(String)}.
 */
public interface ListenerSettingsSource {

	/** A source with no external settings. */
	ListenerSettingsSource NONE = new ListenerSettingsSource() {
	};

	/**
	 * Settings for every listener of a kind, for example {@code redis.messaging.pubsub.defaults.*}.
	 * @param kind the listener kind
	 * @return attribute name to value
	 */
	default Map<String, String> kindDefaults(ListenerKind kind) {
		return Map.of();
	}

	/**
	 * Settings for one listener, for example {@code redis.messaging.listeners.<id>.*}.
	 * @param listenerId the listener id
	 * @return attribute name to value
	 */
	default Map<String, String> listenerOverrides(String listenerId) {
		return Map.of();
	}

	/**
	 * The ids that {@link #listenerOverrides(String)} holds settings for. Once every annotated listener is
	 * registered, startup fails if one of them names no listener.
	 * @return the listener ids with overrides
	 */
	default Set<String> overriddenListenerIds() {
		return Set.of();
	}

	/**
	 * Where the values of {@link #kindDefaults(ListenerKind)} come from, for error messages.
	 * @param kind the listener kind
	 * @return a description such as a property prefix
	 */
	default String describeKindDefaults(ListenerKind kind) {
		return kind.propertyName() + " defaults";
	}

	/**
	 * Where the values of {@link #listenerOverrides(String)} come from, for error messages.
	 * @param listenerId the listener id
	 * @return a description such as a property prefix
	 */
	default String describeListenerOverrides(String listenerId) {
		return "overrides of listener '" + listenerId + "'";
	}

}

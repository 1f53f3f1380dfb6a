package io.github.redismessaging.listener;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/**
 * One listener as a {@link RedisListenerContainerCustomizer} sees it before its container is created: what it is,
 * its settings so far, and the settings the customizer changes.
 */
public final class ListenerContainerSpec {

	private final String id;

	private final ListenerKind kind;

	private final String beanName;

	private final Method method;

	private final Map<String, String> current;

	private final Set<String> names;

	private final String customizer;

	private final Map<String, String> changes = new LinkedHashMap<>();

	/**
	 * Creates the spec that one customizer sees.
	 * @param id the listener id
	 * @param kind the listener kind
	 * @param beanName the bean that declares the listener method
	 * @param method the listener method
	 * @param current the settings so far, attribute name to value
	 * @param names the attribute names the kind knows
	 * @param customizer the customizer's bean name, for messages
	 */
	public ListenerContainerSpec(String id, ListenerKind kind, String beanName, Method method,
			Map<String, String> current, Set<String> names, String customizer) {
		this.id = id;
		this.kind = kind;
		this.beanName = beanName;
		this.method = method;
		this.current = current;
		this.names = names;
		this.customizer = customizer;
	}

	/**
	 * The listener id.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The listener kind.
	 * @return the kind
	 */
	public ListenerKind kind() {
		return this.kind;
	}

	/**
	 * The name of the bean that declares the listener method.
	 * @return the bean name
	 */
	public String beanName() {
		return this.beanName;
	}

	/**
	 * The listener method.
	 * @return the method
	 */
	public Method method() {
		return this.method;
	}

	/**
	 * An attribute's value so far: from the built-in defaults, the kind's defaults, the annotation or an earlier
	 * customizer (the per-listener properties come later).
	 * @param name the attribute name, as on the annotation (for example {@code concurrency})
	 * @return the value, or {@code null} if none is set
	 */
	public @Nullable String attribute(String name) {
		String changed = this.changes.get(name);
		return (changed != null) ? changed : this.current.get(name);
	}

	/**
	 * Sets an attribute, as the annotation would, with a value in the annotation's syntax (placeholders are not
	 * resolved). It is validated with the listener's other settings at startup.
	 * @param name the attribute name, as on the annotation (for example {@code concurrency})
	 * @param value the value
	 * @return this spec
	 * @throws ListenerConfigurationException if the kind has no such attribute
	 */
	public ListenerContainerSpec set(String name, String value) {
		if (!this.names.contains(name)) {
			throw new ListenerConfigurationException(this.kind.annotationName() + " '" + this.id
					+ "': the container customizer '" + this.customizer + "' set the unknown attribute '" + name
					+ "'; known attributes: " + new TreeSet<>(this.names));
		}
		if (!StringUtils.hasText(value)) {
			throw new ListenerConfigurationException(this.kind.annotationName() + " '" + this.id
					+ "': the container customizer '" + this.customizer + "' set '" + name + "' to a blank value");
		}
		this.changes.put(name, value);
		return this;
	}

	/**
	 * What the customizer set.
	 * @return attribute name to value
	 */
	public Map<String, String> changes() {
		return Map.copyOf(this.changes);
	}

}

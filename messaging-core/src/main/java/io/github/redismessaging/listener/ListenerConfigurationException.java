package io.github.redismessaging.listener;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A listener is misconfigured: a bad method signature, a missing or invalid attribute. Raised at startup so
 * that the application fails fast; the message names the listener, the bean, the method and the attribute.
 * When one attribute is at fault, {@link #getInvalidAttribute()} describes it for tools such as Spring Boot's
 * failure analysis.
 */
public class ListenerConfigurationException extends IllegalStateException {

	private final @Nullable InvalidAttribute invalidAttribute;

	/**
	 * Creates the exception.
	 * @param message the complete, actionable message
	 */
	public ListenerConfigurationException(String message) {
		super(message);
		this.invalidAttribute = null;
	}

	/**
	 * Creates the exception with a cause.
	 * @param message the complete, actionable message
	 * @param cause the underlying problem
	 */
	public ListenerConfigurationException(String message, Throwable cause) {
		super(message, cause);
		this.invalidAttribute = null;
	}

	/**
	 * Creates the exception for one invalid attribute.
	 * @param message the complete, actionable message
	 * @param invalidAttribute the attribute at fault
	 */
	public ListenerConfigurationException(String message, InvalidAttribute invalidAttribute) {
		super(message);
		this.invalidAttribute = invalidAttribute;
	}

	/**
	 * The attribute at fault.
	 * @return the attribute, or {@code null} if the problem is not one attribute's value
	 */
	public @Nullable InvalidAttribute getInvalidAttribute() {
		return this.invalidAttribute;
	}

	/**
	 * The attribute of a listener whose value is invalid.
	 *
	 * @param name the attribute name, as in the annotation
	 * @param source where the value came from, for example {@code annotation} or
	 * {@code properties redis.messaging.listeners.orders.*}; {@code null} if no layer set it
	 * @param validValues the values the attribute accepts, or descriptions of them; empty if not known
	 */
	public record InvalidAttribute(String name, @Nullable String source, List<String> validValues) {

		/**
		 * Copies the valid values.
		 */
		public InvalidAttribute {
			validValues = List.copyOf(validValues);
		}

	}

}

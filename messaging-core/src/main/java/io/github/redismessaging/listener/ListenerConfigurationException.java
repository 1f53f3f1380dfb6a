package io.github.redismessaging.listener;

/**
 * A listener is misconfigured: a bad method signature, a missing or invalid attribute. Raised at startup so
 * that the application fails fast; the message names the listener, the bean, the method and the attribute.
 */
public class ListenerConfigurationException extends IllegalStateException {

	/**
	 * Creates the exception.
	 * @param message the complete, actionable message
	 */
	public ListenerConfigurationException(String message) {
		super(message);
	}

	/**
	 * Creates the exception with a cause.
	 * @param message the complete, actionable message
	 * @param cause the underlying problem
	 */
	public ListenerConfigurationException(String message, Throwable cause) {
		super(message, cause);
	}

}

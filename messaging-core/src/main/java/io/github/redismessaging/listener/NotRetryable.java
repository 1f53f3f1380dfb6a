package io.github.redismessaging.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.util.ClassUtils;
import org.springframework.validation.FieldError;

import io.github.redismessaging.deadletter.DeadLetterFields;

/**
 * Tells the listener failures that would fail again on every delivery, so that stream and queue listeners
 * dead-letter them at once instead of retrying: a {@code @Valid} payload that breaks its constraints, and an
 * exception whose class (or the class of one of its causes) is listed in the listener's {@value #ATTRIBUTE}
 * attribute. Internal: shared by the stream and queue containers.
 */
public final class NotRetryable {

	/** The attribute: fully qualified exception class names, comma-separated. */
	public static final String ATTRIBUTE = "notRetryable";

	private final List<Class<?>> classes;

	private NotRetryable(List<Class<?>> classes) {
		this.classes = classes;
	}

	/**
	 * Reads the {@value #ATTRIBUTE} attribute of a listener.
	 * @param attributes the listener's attributes
	 * @return the classification
	 * @throws ListenerConfigurationException if a name is not a {@link Throwable} class on the class path
	 */
	public static NotRetryable from(ListenerAttributes attributes) {
		List<Class<?>> classes = new ArrayList<>();
		for (String name : attributes.getList(ATTRIBUTE)) {
			Class<?> type;
			try {
				type = ClassUtils.forName(name, ClassUtils.getDefaultClassLoader());
			}
			catch (ClassNotFoundException | LinkageError ex) {
				throw attributes.invalid(ATTRIBUTE, "class '" + name + "' (from " + attributes.source(ATTRIBUTE)
						+ ") is not on the class path; use fully qualified exception class names");
			}
			if (!Throwable.class.isAssignableFrom(type)) {
				throw attributes.invalid(ATTRIBUTE, "'" + name + "' (from " + attributes.source(ATTRIBUTE)
						+ ") is not an exception class");
			}
			classes.add(type);
		}
		return new NotRetryable(List.copyOf(classes));
	}

	/**
	 * Why a failure must not be retried.
	 * @param failure what the listener invocation threw
	 * @return {@value DeadLetterFields#REASON_VALIDATION}, {@value DeadLetterFields#REASON_NOT_RETRYABLE}, or
	 * {@code null} if it may be retried
	 */
	public @Nullable String reason(Throwable failure) {
		if (failure instanceof MethodArgumentNotValidException) {
			return DeadLetterFields.REASON_VALIDATION;
		}
		// Causes too: asynchronous results and proxies wrap what the listener threw.
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
			for (Class<?> type : this.classes) {
				if (type.isInstance(cause)) {
					return DeadLetterFields.REASON_NOT_RETRYABLE;
				}
			}
		}
		return null;
	}

	/**
	 * A failure for a dead letter's {@value DeadLetterFields#EXCEPTION}: class and message, and for a validation
	 * failure its violations rather than spring-messaging's long message.
	 * @param failure the failure
	 * @return the description
	 */
	public static String describe(Throwable failure) {
		if (failure instanceof MethodArgumentNotValidException invalid && invalid.getBindingResult() != null) {
			return failure.getClass().getName() + ": " + invalid.getBindingResult()
				.getAllErrors()
				.stream()
				.map((error) -> ((error instanceof FieldError field) ? field.getField() + ": " : "")
						+ error.getDefaultMessage())
				.collect(Collectors.joining("; "));
		}
		return failure.getClass().getName() + ": " + failure.getMessage();
	}

}

package io.github.redismessaging.listener.support;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;

import io.github.redismessaging.listener.DeadLetterCustomizer;
import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.listener.RedisListenerErrorHandler;

/**
 * Finds the beans that shape what happens to failed messages. A listener's {@link RedisListenerErrorHandler} is the
 * bean named by its {@value #ATTRIBUTE} attribute, else the application's only (or {@code @Primary}) bean of that
 * type, else none; a name that is not a bean of that type fails the listener at startup, naming the beans there
 * are. The {@link DeadLetterCustomizer} is the application's only (or {@code @Primary}) bean of that type, if any.
 */
public final class FailureHandlers {

	/** The attribute that names a listener's error handler bean. */
	public static final String ATTRIBUTE = "errorHandler";

	private final @Nullable ListableBeanFactory beanFactory;

	/**
	 * Creates the lookup.
	 * @param beanFactory where the handlers are beans
	 */
	public FailureHandlers(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	private FailureHandlers() {
		this.beanFactory = null;
	}

	/**
	 * No beans: every listener takes its failure path, and dead letters go where they would go.
	 * @return the lookup
	 */
	public static FailureHandlers none() {
		return new FailureHandlers();
	}

	/**
	 * The dead-letter routing of a listener.
	 * @param listenerId the listener id
	 * @return the routing, without a customizer when the application has none
	 */
	public DeadLetterRouting deadLetters(String listenerId) {
		return new DeadLetterRouting(listenerId, (this.beanFactory != null)
				? this.beanFactory.getBeanProvider(DeadLetterCustomizer.class).getIfUnique() : null);
	}

	/**
	 * The error handling of a listener.
	 * @param listenerId the listener id
	 * @param attributes the listener's attributes
	 * @return the handling, with no handler when none applies
	 * @throws io.github.redismessaging.listener.ListenerConfigurationException if the attribute names no bean of the handler type
	 */
	public ListenerErrorHandling forListener(String listenerId, ListenerAttributes attributes) {
		String name = attributes.getString(ATTRIBUTE);
		if (this.beanFactory == null) {
			if (name != null && !name.isBlank()) {
				throw attributes.invalid(ATTRIBUTE, "names the bean '" + name + "', but there is no bean factory "
						+ "to find it in");
			}
			return ListenerErrorHandling.none(listenerId);
		}
		if (name == null || name.isBlank()) {
			return new ListenerErrorHandling(listenerId,
					this.beanFactory.getBeanProvider(RedisListenerErrorHandler.class).getIfUnique());
		}
		String[] candidates = this.beanFactory.getBeanNamesForType(RedisListenerErrorHandler.class);
		if (!this.beanFactory.containsBean(name) || !this.beanFactory.isTypeMatch(name, RedisListenerErrorHandler.class)) {
			throw attributes.invalid(ATTRIBUTE, "there is no bean '" + name + "' of type "
					+ RedisListenerErrorHandler.class.getSimpleName() + " (from " + attributes.source(ATTRIBUTE)
					+ "); the beans of that type are " + ((candidates.length > 0) ? String.join(", ", candidates)
							: "none"));
		}
		return new ListenerErrorHandling(listenerId, this.beanFactory.getBean(name, RedisListenerErrorHandler.class));
	}

}

package io.github.redismessaging.listener;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Creates the containers of one listener kind. Register one bean per kind; the annotation post-processor finds it.
 */
public interface ListenerContainerFactory {

	/**
	 * The kind of listener this factory serves.
	 * @return the kind
	 */
	ListenerKind kind();

	/**
	 * Built-in defaults, the lowest layer of a listener's settings.
	 * @return attribute name to value
	 */
	Map<String, String> defaultAttributes();

	/**
	 * Argument types the containers of this kind supply to listener methods beyond payload and headers, for
	 * example an acknowledgment handle.
	 * @return the types, empty by default
	 */
	default Set<Class<?>> supportedArgumentTypes() {
		return Set.of();
	}

	/**
	 * Argument resolvers for the types of {@link #supportedArgumentTypes()}; they run before payload conversion.
	 * @return the resolvers, empty by default
	 */
	default List<HandlerMethodArgumentResolver> argumentResolvers() {
		return List.of();
	}

	/**
	 * Validates an endpoint and creates its container, not started.
	 * @param endpoint the endpoint, with resolved settings
	 * @param invoker invokes the listener method
	 * @return the container
	 * @throws ListenerConfigurationException if a setting is missing or invalid
	 */
	MessageListenerContainer createContainer(ListenerEndpoint endpoint, ListenerInvoker invoker);

}

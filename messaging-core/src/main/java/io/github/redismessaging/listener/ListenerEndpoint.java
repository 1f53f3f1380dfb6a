package io.github.redismessaging.listener;

import java.lang.reflect.Method;

/**
 * One annotated listener method with its resolved settings: what a container factory turns into a container.
 *
 * @param id the unique listener id
 * @param kind the listener kind
 * @param beanName the name of the bean that declares the method
 * @param bean the bean (possibly a proxy)
 * @param method the method to invoke, invocable on {@code bean}
 * @param attributes the resolved settings
 */
public record ListenerEndpoint(String id, ListenerKind kind, String beanName, Object bean, Method method,
		ListenerAttributes attributes) {

	/**
	 * Describes the endpoint for messages.
	 * @return for example {@code @RedisSubscriber 'prices' (bean 'priceListener', method PriceListener.onPrice(Price))}
	 */
	public String description() {
		return this.attributes.owner();
	}

}

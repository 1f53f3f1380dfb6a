package io.github.redismessaging.annotation;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import io.github.redismessaging.annotation.RedisListenerAnnotationBeanPostProcessor.AnnotatedMethod;
import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.listener.ListenerContainerFactory;
import io.github.redismessaging.listener.ListenerEndpoint;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.ListenerInvokerFactory;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.ListenerSettingsSource;
import io.github.redismessaging.listener.MessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one annotated method into a container: layers its settings (built-in defaults, kind defaults,
 * annotation, per-listener overrides), validates its signature and asks the kind's factory for a container.
 */
final class EndpointFactory {

	private final ConfigurableListableBeanFactory beanFactory;

	private final ListenerSettingsSource settings;

	private final ListenerInvokerFactory invokers;

	EndpointFactory(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
		this.settings = beanFactory.getBeanProvider(ListenerSettingsSource.class)
			.getIfAvailable(() -> ListenerSettingsSource.NONE);
		this.invokers = beanFactory.getBeanProvider(ListenerInvokerFactory.class)
			.getIfAvailable(() -> new ListenerInvokerFactory(beanFactory.getBeanProvider(PayloadCodec.class)
				.getIfAvailable(() -> PayloadCodec.json(JsonMapper.shared()))));
	}

	ListenerContainerFactory containerFactory(ListenerKind kind, AnnotatedMethod annotated) {
		return this.beanFactory.getBeanProvider(ListenerContainerFactory.class)
			.orderedStream()
			.filter((factory) -> factory.kind() == kind)
			.findFirst()
			.orElseThrow(() -> new ListenerConfigurationException(kind.annotationName() + " on bean '"
					+ annotated.beanName() + "', method " + describe(annotated.method())
					+ ": no ListenerContainerFactory for " + kind + " in the context; add the redis-messaging starter "
					+ "or declare the container factory as a bean"));
	}

	MessageListenerContainer createContainer(ListenerContainerFactory factory, ListenerKind kind, Object bean,
			String beanName, Method method, Map<String, String> annotationAttributes) {
		String id = StringUtils.hasText(annotationAttributes.get("id")) ? annotationAttributes.get("id")
				: beanName + "-" + method.getName();
		String owner = kind.annotationName() + " '" + id + "' (bean '" + beanName + "', method " + describe(method)
				+ ")";
		ListenerAttributes attributes = ListenerAttributes.builder(owner)
			.layer("built-in default", factory.defaultAttributes())
			.layer(this.settings.describeKindDefaults(kind), this.settings.kindDefaults(kind))
			.layer("annotation", annotationAttributes)
			.layer(this.settings.describeListenerOverrides(id), this.settings.listenerOverrides(id))
			.build();
		ListenerEndpoint endpoint = new ListenerEndpoint(id, kind, beanName, bean, method, attributes);
		ListenerInvoker invoker = this.invokers.create(endpoint, factory);
		return factory.createContainer(endpoint, invoker);
	}

	private static String describe(Method method) {
		return ClassUtils.getUserClass(method.getDeclaringClass()).getSimpleName() + "." + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(", ", "(", ")"));
	}

}

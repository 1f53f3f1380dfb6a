package io.github.redismessaging.annotation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanExpressionException;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.util.ClassUtils;
import org.springframework.util.PlaceholderResolutionException;
import org.springframework.util.StringUtils;
import org.springframework.validation.Validator;

import io.github.redismessaging.annotation.RedisListenerAnnotationBeanPostProcessor.AnnotatedMethod;
import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.listener.ListenerContainerFactory;
import io.github.redismessaging.listener.ListenerContainerSpec;
import io.github.redismessaging.listener.ListenerEndpoint;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.ListenerSettingsSource;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerContainerCustomizer;
import io.github.redismessaging.listener.adapter.ListenerInvokerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one annotated method into a container: resolves the placeholders and expressions in its attributes,
 * layers its settings (built-in defaults, kind defaults, annotation, container customizers, per-listener
 * overrides), validates its
 * signature and asks the kind's factory for a container.
 */
final class EndpointFactory {

	private final ConfigurableListableBeanFactory beanFactory;

	private final ListenerSettingsSource settings;

	private final ListenerInvokerFactory invokers;

	/** The customizer beans in order, looked up with the first listener; {@code null} until then. */
	private @Nullable List<Map.Entry<String, RedisListenerContainerCustomizer>> customizers;

	EndpointFactory(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
		this.settings = beanFactory.getBeanProvider(ListenerSettingsSource.class)
			.getIfAvailable(() -> ListenerSettingsSource.NONE);
		this.invokers = beanFactory.getBeanProvider(ListenerInvokerFactory.class)
			.getIfAvailable(() -> new ListenerInvokerFactory(beanFactory.getBeanProvider(PayloadCodec.class)
				.getIfAvailable(() -> PayloadCodec.json(JsonMapper.shared())),
					beanFactory.getBeanProvider(Validator.class).getIfUnique()));
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

	MessageListenerContainer createContainer(ListenerContainerFactory factory, ListenerKind kind,
			AnnotatedMethod annotated) {
		String beanName = annotated.beanName();
		Method method = annotated.method();
		String location = "(bean '" + beanName + "', method " + describe(method) + ")";
		Map<String, Object> values = annotated.annotation().asMap();
		// The id first, so that a failure in any other attribute can name the listener.
		String id = resolveAttribute(kind.annotationName() + " " + location, "id", values.get("id"));
		if (!StringUtils.hasText(id)) {
			id = beanName + "-" + method.getName();
		}
		String owner = kind.annotationName() + " '" + id + "' " + location;
		Map<String, String> annotationAttributes = new LinkedHashMap<>();
		values.forEach((name, value) -> {
			String resolved = resolveAttribute(owner, name, value);
			if (resolved != null) {
				annotationAttributes.put(name, resolved);
			}
		});
		ListenerAttributes.Builder layers = ListenerAttributes.builder(owner)
			.layer("built-in default", factory.defaultAttributes())
			.layer(this.settings.describeKindDefaults(kind), this.settings.kindDefaults(kind))
			.layer("annotation", annotationAttributes);
		customize(id, kind, annotated, layers, factory.defaultAttributes().keySet(), values.keySet());
		ListenerAttributes attributes = layers
			.layer(this.settings.describeListenerOverrides(id), this.settings.listenerOverrides(id))
			.build();
		ListenerEndpoint endpoint = new ListenerEndpoint(id, kind, beanName, annotated.bean(), method, attributes);
		ListenerInvoker invoker = this.invokers.create(endpoint, factory);
		return factory.createContainer(endpoint, invoker);
	}

	/**
	 * Lets each {@link RedisListenerContainerCustomizer} bean, in order, change the settings so far; each one's
	 * changes become a layer named after its bean.
	 */
	private void customize(String id, ListenerKind kind, AnnotatedMethod annotated, ListenerAttributes.Builder layers,
			Set<String> builtInNames, Set<String> annotationNames) {
		List<Map.Entry<String, RedisListenerContainerCustomizer>> ordered = customizers();
		if (ordered.isEmpty()) {
			return;
		}
		Set<String> names = new TreeSet<>(builtInNames);
		names.addAll(annotationNames);
		names.remove("id");
		for (Map.Entry<String, RedisListenerContainerCustomizer> customizer : ordered) {
			ListenerContainerSpec spec = new ListenerContainerSpec(id, kind, annotated.beanName(), annotated.method(),
					layers.snapshot(), names, customizer.getKey());
			customizer.getValue().customize(spec);
			layers.layer("container customizer '" + customizer.getKey() + "'", spec.changes());
		}
	}

	private List<Map.Entry<String, RedisListenerContainerCustomizer>> customizers() {
		if (this.customizers == null) {
			List<Map.Entry<String, RedisListenerContainerCustomizer>> ordered = new ArrayList<>(
					this.beanFactory.getBeansOfType(RedisListenerContainerCustomizer.class).entrySet());
			ordered.sort((a, b) -> AnnotationAwareOrderComparator.INSTANCE.compare(a.getValue(), b.getValue()));
			this.customizers = ordered;
		}
		return this.customizers;
	}

	/**
	 * Fails if the settings source holds overrides for an id that no listener has: a typo there would otherwise
	 * be ignored silently.
	 */
	void checkOverriddenIds(Collection<String> listenerIds) {
		Set<String> unknown = new TreeSet<>(this.settings.overriddenListenerIds());
		unknown.removeAll(listenerIds);
		if (!unknown.isEmpty()) {
			throw new ListenerConfigurationException(unknown.stream()
				.map((id) -> this.settings.describeListenerOverrides(id) + ": no listener has the id '" + id + "'")
				.collect(Collectors.joining("; ")) + "; known listener ids: " + new TreeSet<>(listenerIds));
		}
	}

	/**
	 * Resolves placeholders and expressions in a String or String[] attribute; arrays become comma-separated.
	 */
	private @Nullable String resolveAttribute(String owner, String name, @Nullable Object value) {
		try {
			if (value instanceof String text) {
				return resolve(text);
			}
			if (value instanceof String[] texts) {
				return String.join(",", Arrays.stream(texts).map(this::resolve).toList());
			}
			return null;
		}
		catch (PlaceholderResolutionException | BeanExpressionException ex) {
			throw new ListenerConfigurationException(
					owner + ": attribute '" + name + "': " + StringUtils.uncapitalize(ex.getMessage()), ex);
		}
	}

	private @Nullable String resolve(String value) {
		String resolved = this.beanFactory.resolveEmbeddedValue(value);
		BeanExpressionResolver expressions = this.beanFactory.getBeanExpressionResolver();
		if (resolved != null && resolved.contains("#{") && expressions != null) {
			Object evaluated = expressions.evaluate(resolved, new BeanExpressionContext(this.beanFactory, null));
			return (evaluated != null) ? evaluated.toString() : null;
		}
		return resolved;
	}

	private static String describe(Method method) {
		return ClassUtils.getUserClass(method.getDeclaringClass()).getSimpleName() + "." + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(", ", "(", ")"));
	}

}

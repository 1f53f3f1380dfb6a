package io.github.redismessaging.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;

import io.github.redismessaging.listener.ListenerContainerFactory;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;

/**
 * Finds listener annotations on bean methods and, once all singletons exist, turns each into a container in the
 * {@link RedisListenerRegistry}. Misconfiguration fails the application context here, at startup.
 */
final class RedisListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

	private static final Map<Class<? extends Annotation>, ListenerKind> ANNOTATIONS = Map.of(RedisSubscriber.class,
			ListenerKind.PUBSUB, StreamListener.class, ListenerKind.STREAM, QueueListener.class, ListenerKind.QUEUE);

	private final String registryBeanName;

	private final List<AnnotatedMethod> detected = new ArrayList<>();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	RedisListenerAnnotationBeanPostProcessor(String registryBeanName) {
		this.registryBeanName = registryBeanName;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (!AnnotationUtils.isCandidateClass(targetClass, ANNOTATIONS.keySet())) {
			return bean;
		}
		Map<Method, List<MergedAnnotation<Annotation>>> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<List<MergedAnnotation<Annotation>>>) this::listenerAnnotations);
		methods.forEach((method, annotations) -> annotations.forEach((annotation) -> this.detected
			.add(new AnnotatedMethod(bean, beanName, AopUtils.selectInvocableMethod(method, bean.getClass()),
					annotation))));
		return bean;
	}

	private List<MergedAnnotation<Annotation>> listenerAnnotations(Method method) {
		List<MergedAnnotation<Annotation>> found = new ArrayList<>();
		MergedAnnotations annotations = MergedAnnotations.from(method);
		for (Class<? extends Annotation> type : ANNOTATIONS.keySet()) {
			MergedAnnotation<? extends Annotation> annotation = annotations.get(type);
			if (annotation.isPresent()) {
				@SuppressWarnings("unchecked")
				MergedAnnotation<Annotation> cast = (MergedAnnotation<Annotation>) annotation;
				found.add(cast);
			}
		}
		return found.isEmpty() ? null : found;
	}

	@Override
	public void afterSingletonsInstantiated() {
		RedisListenerRegistry registry = this.beanFactory.getBean(this.registryBeanName, RedisListenerRegistry.class);
		EndpointFactory endpoints = new EndpointFactory(this.beanFactory);
		for (AnnotatedMethod annotated : this.detected) {
			ListenerKind kind = ANNOTATIONS.get(annotated.annotation().getType());
			ListenerContainerFactory factory = endpoints.containerFactory(kind, annotated);
			registry.register(endpoints.createContainer(factory, kind, annotated));
		}
		this.detected.clear();
		endpoints.checkOverriddenIds(registry.containers().stream().map(MessageListenerContainer::id).toList());
	}

	record AnnotatedMethod(Object bean, String beanName, Method method, MergedAnnotation<Annotation> annotation) {
	}

}

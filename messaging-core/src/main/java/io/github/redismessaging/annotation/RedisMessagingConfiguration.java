package io.github.redismessaging.annotation;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

import io.github.redismessaging.listener.RedisListenerRegistry;

/**
 * Registers the annotation post-processor and the listener registry. Imported by {@link EnableRedisMessaging}
 * and by the Boot auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class RedisMessagingConfiguration {

	/** Bean name of the listener registry. */
	public static final String REGISTRY_BEAN_NAME = "redisMessagingListenerRegistry";

	/** Bean name of the annotation post-processor. */
	public static final String POST_PROCESSOR_BEAN_NAME = "redisMessagingAnnotationBeanPostProcessor";

	@Bean(name = POST_PROCESSOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static RedisListenerAnnotationBeanPostProcessor redisListenerAnnotationBeanPostProcessor() {
		return new RedisListenerAnnotationBeanPostProcessor(REGISTRY_BEAN_NAME);
	}

	@Bean(name = REGISTRY_BEAN_NAME)
	RedisListenerRegistry redisListenerRegistry() {
		return RedisListenerRegistry.create();
	}

}

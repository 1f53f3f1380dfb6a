package io.github.redismessaging.test;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Turns {@link EmbeddedRedis} on a test class (or an enclosing class) into an {@link EmbeddedRedisContextCustomizer};
 * registered in {@code META-INF/spring.factories}.
 */
class EmbeddedRedisContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		EmbeddedRedis annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedRedis.class);
		return (annotation != null) ? new EmbeddedRedisContextCustomizer(annotation.value()) : null;
	}

}

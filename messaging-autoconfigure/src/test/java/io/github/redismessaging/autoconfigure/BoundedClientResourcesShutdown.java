package io.github.redismessaging.autoconfigure;

import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;

/**
 * Shuts the tests' Lettuce {@link ClientResources} down with a bound. Boot's own bean is shut down through its
 * {@code shutdown()} future, which Spring awaits without end; once in CI that future never completed (Netty's
 * executors stranded, no thread of the starter or of the context alive), and the build hung. Here a shutdown that
 * has not finished after 10 s is logged and left behind, and the test run goes on.
 */
final class BoundedClientResourcesShutdown implements DestructionAwareBeanPostProcessor {

	private static final Log logger = LogFactory.getLog(BoundedClientResourcesShutdown.class);

	@Override
	public boolean requiresDestruction(Object bean) {
		return bean instanceof ClientResources;
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		if (bean instanceof ClientResources resources
				&& !resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS)) {
			logger.warn("Lettuce's client resources '" + beanName + "' did not shut down within 10 s; left behind");
		}
	}

}

package io.github.redismessaging.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects the shared server and cluster: parameters of type {@link RedisServer} receive
 * {@link SharedRedis#standalone()} and parameters of type {@link RedisCluster} receive {@link SharedRedis#cluster()},
 * in constructors, test methods and lifecycle methods.
 *
 * <pre class="code">
 * &#64;ExtendWith(RedisExtension.class)
 * class OrderStreamIT {
 *     &#64;Test
 *     void delivers(RedisServer redis) { ... }
 * }
 * </pre>
 */
public final class RedisExtension implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == RedisServer.class || type == RedisCluster.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return (type == RedisCluster.class) ? SharedRedis.cluster() : SharedRedis.standalone();
	}

}

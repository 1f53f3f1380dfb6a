package io.github.redismessaging.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * The JDK proxy behind the shared connection's commands, which watches their replies for a demoted server, for
 * native images.
 */
class RedisConnectionsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.proxies().registerJdkProxy(RedisClusterAsyncCommands.class);
	}

}

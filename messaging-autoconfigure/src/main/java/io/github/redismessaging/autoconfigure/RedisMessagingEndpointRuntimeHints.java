package io.github.redismessaging.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.ListenerStatus;

/**
 * The types {@link RedisMessagingEndpoint} writes as JSON inside its {@code Map} results, which the binding hints
 * Boot derives from the operations' declared return types cannot see.
 */
class RedisMessagingEndpointRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), DeadLetter.class,
				ListenerKind.class, ListenerStatus.State.class);
	}

}

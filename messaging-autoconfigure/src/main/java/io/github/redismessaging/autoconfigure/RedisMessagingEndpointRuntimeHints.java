package io.github.redismessaging.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.ListenerStatus;
import io.github.redismessaging.publish.DelayedItem;
import io.github.redismessaging.publish.PendingEntry;
import io.github.redismessaging.publish.QueueLease;
import io.github.redismessaging.publish.StreamInfo;

/**
 * The types {@link RedisMessagingEndpoint} writes as JSON inside its {@code Map} results, and the
 * {@link WebEndpointResponse} of an unknown listener, which JMX writes as JSON too: the binding hints Boot derives
 * from the operations' declared return types cannot see them.
 */
class RedisMessagingEndpointRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), DeadLetter.class,
				ListenerKind.class, ListenerStatus.State.class, WebEndpointResponse.class, PendingEntry.class,
				StreamInfo.class, DelayedItem.class, QueueLease.class);
	}

}

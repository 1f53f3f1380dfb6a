package io.github.redismessaging.listener.adapter;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.HeaderMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.HeadersMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.MessageMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.PayloadMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Validator;

/**
 * The argument resolvers of a listener method: spring-messaging's own, in its order, except that an empty payload
 * is converted like any other. Spring takes an empty payload for a missing one and fails with "Payload value must
 * not be empty"; a stream entry without a {@code payload} field, an empty queue item or an empty pub/sub message
 * would then fail as a listener failure on every delivery. Here {@link CodecMessageConverter} decides: {@code ""}
 * for a {@code String}, an empty array for a {@code byte[]}, a decode failure for any other type.
 */
final class ListenerArgumentResolvers {

	private ListenerArgumentResolvers() {
	}

	static List<HandlerMethodArgumentResolver> create(MessageConverter converter, @Nullable Validator validator,
			List<HandlerMethodArgumentResolver> containerResolvers) {
		List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
		resolvers.add(new HeaderMethodArgumentResolver(DefaultConversionService.getSharedInstance(), null));
		resolvers.add(new HeadersMethodArgumentResolver());
		resolvers.add(new MessageResolver(converter));
		resolvers.addAll(containerResolvers);
		resolvers.add(new PayloadResolver(converter, validator));
		return resolvers;
	}

	private static final class MessageResolver extends MessageMethodArgumentResolver {

		MessageResolver(MessageConverter converter) {
			super(converter);
		}

		@Override
		protected boolean isEmptyPayload(@Nullable Object payload) {
			return payload == null;
		}

	}

	private static final class PayloadResolver extends PayloadMethodArgumentResolver {

		PayloadResolver(MessageConverter converter, @Nullable Validator validator) {
			super(converter, validator);
		}

		@Override
		protected boolean isEmptyPayload(@Nullable Object payload) {
			return payload == null;
		}

	}

}

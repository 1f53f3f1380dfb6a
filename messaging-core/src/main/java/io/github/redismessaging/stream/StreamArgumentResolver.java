package io.github.redismessaging.stream;

import java.util.function.Predicate;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Supplies an unannotated listener parameter from a message header the stream container sets: the
 * {@code Acknowledgment}, or the raw fields for a {@code Map} parameter.
 */
final class StreamArgumentResolver implements HandlerMethodArgumentResolver {

	private final Predicate<Class<?>> type;

	private final String header;

	StreamArgumentResolver(Predicate<Class<?>> type, String header) {
		this.type = type;
		this.header = header;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return !parameter.hasParameterAnnotations() && this.type.test(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, Message<?> message) {
		return message.getHeaders().get(this.header);
	}

}

package io.github.redismessaging.listener.adapter;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.Validator;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.listener.BatchListenerInvoker;
import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.listener.ListenerContainerFactory;
import io.github.redismessaging.listener.ListenerEndpoint;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.NotRetryable;

/**
 * Validates listener method signatures and creates {@link ListenerInvoker}s for them, using spring-messaging's
 * {@link InvocableHandlerMethod}: payload conversion through the {@link PayloadCodec}, {@code @Header},
 * {@code @Headers}, {@code Message} and {@code MessageHeaders} arguments, plus whatever a container kind adds. An
 * empty payload reaches a {@code String} parameter as {@code ""} and a {@code byte[]} one as an empty array; for any
 * other type it is a {@link io.github.redismessaging.codec.PayloadDecodingException}.
 * With a {@link Validator}, a {@code @Valid} (or {@code @Validated}) payload that breaks its constraints fails the
 * invocation with spring-messaging's {@code MethodArgumentNotValidException} (see {@link NotRetryable}).
 * A method whose payload parameter is a {@code List<T>} or {@code List<Message<T>>} gets a
 * {@link BatchListenerInvoker}.
 */
public final class ListenerInvokerFactory {

	/** The attribute that bounds the wait for an asynchronous result. */
	public static final String ASYNC_TIMEOUT = "asyncTimeout";

	/** How long an asynchronous result is awaited unless {@value #ASYNC_TIMEOUT} says otherwise. */
	public static final Duration DEFAULT_ASYNC_TIMEOUT = Duration.ofSeconds(30);

	private final PayloadCodec codec;

	private final @Nullable Validator validator;

	/**
	 * Creates the factory, without payload validation.
	 * @param codec decodes payloads into the listener's payload type
	 */
	public ListenerInvokerFactory(PayloadCodec codec) {
		this(codec, null);
	}

	/**
	 * Creates the factory.
	 * @param codec decodes payloads into the listener's payload type
	 * @param validator validates {@code @Valid} payloads, or {@code null} for none
	 */
	public ListenerInvokerFactory(PayloadCodec codec, @Nullable Validator validator) {
		this.codec = codec;
		this.validator = validator;
	}

	/**
	 * Validates the endpoint's method signature and creates its invoker.
	 * @param endpoint the endpoint
	 * @param containerFactory the factory of the endpoint's container: the argument types and resolvers it adds
	 * @return the invoker
	 * @throws io.github.redismessaging.listener.ListenerConfigurationException if the signature is not supported
	 */
	public ListenerInvoker create(ListenerEndpoint endpoint, ListenerContainerFactory containerFactory) {
		return create(endpoint, containerFactory.supportedArgumentTypes(), containerFactory.argumentResolvers());
	}

	/**
	 * Validates the endpoint's method signature and creates its invoker.
	 * @param endpoint the endpoint
	 * @param extraArgumentTypes argument types that the endpoint's container supplies beyond payload and headers
	 * @param extraResolvers resolvers for those types
	 * @return the invoker
	 * @throws io.github.redismessaging.listener.ListenerConfigurationException if the signature is not supported
	 */
	public ListenerInvoker create(ListenerEndpoint endpoint, Set<Class<?>> extraArgumentTypes,
			List<HandlerMethodArgumentResolver> extraResolvers) {
		new ListenerMethodValidator(endpoint, extraArgumentTypes).validate();
		CodecMessageConverter converter = new CodecMessageConverter(this.codec);
		DefaultMessageHandlerMethodFactory methodFactory = new DefaultMessageHandlerMethodFactory();
		methodFactory.setMessageConverter(converter);
		methodFactory.setArgumentResolvers(ListenerArgumentResolvers.create(converter, this.validator, extraResolvers));
		methodFactory.afterPropertiesSet();
		InvocableHandlerMethod method = methodFactory.createInvocableHandlerMethod(endpoint.bean(), endpoint.method());
		MethodParameter batch = ListenerMethodValidator.batchPayload(endpoint.method());
		return (batch != null) ? new BatchInvocableListenerInvoker(method, batch, converter, asyncTimeout(endpoint))
				: new InvocableListenerInvoker(method, converter,
						ListenerMethodValidator.plainPayloadOnly(endpoint.method(), extraArgumentTypes),
						asyncTimeout(endpoint));
	}

	/**
	 * How long an asynchronous result is awaited: the {@code asyncTimeout} attribute, or
	 * {@link #DEFAULT_ASYNC_TIMEOUT} where the kind has none.
	 */
	private static Duration asyncTimeout(ListenerEndpoint endpoint) {
		ListenerAttributes attributes = endpoint.attributes();
		if (attributes.getString(ASYNC_TIMEOUT) == null) {
			return DEFAULT_ASYNC_TIMEOUT;
		}
		Duration timeout = attributes.get(ASYNC_TIMEOUT, Duration.class);
		if (timeout.isNegative() || timeout.isZero()) {
			throw attributes.invalid(ASYNC_TIMEOUT, "must be a positive duration but is " + timeout);
		}
		return timeout;
	}

}

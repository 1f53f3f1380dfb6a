package io.github.redismessaging.listener;

import java.util.Set;

import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

import io.github.redismessaging.codec.PayloadCodec;

/**
 * Validates listener method signatures and creates {@link ListenerInvoker}s for them, using spring-messaging's
 * {@link InvocableHandlerMethod}: payload conversion through the {@link PayloadCodec}, {@code @Header},
 * {@code @Headers}, {@code Message} and {@code MessageHeaders} arguments.
 */
public final class ListenerInvokerFactory {

	private final DefaultMessageHandlerMethodFactory methodFactory = new DefaultMessageHandlerMethodFactory();

	/**
	 * Creates the factory.
	 * @param codec decodes payloads into the listener's payload type
	 */
	public ListenerInvokerFactory(PayloadCodec codec) {
		this.methodFactory.setMessageConverter(new CodecMessageConverter(codec));
		this.methodFactory.setConversionService(DefaultConversionService.getSharedInstance());
		this.methodFactory.afterPropertiesSet();
	}

	/**
	 * Validates the endpoint's method signature and creates its invoker.
	 * @param endpoint the endpoint
	 * @param extraArgumentTypes argument types that the endpoint's container supplies beyond payload and headers
	 * @return the invoker
	 * @throws ListenerConfigurationException if the signature is not supported
	 */
	public ListenerInvoker create(ListenerEndpoint endpoint, Set<Class<?>> extraArgumentTypes) {
		new ListenerMethodValidator(endpoint, extraArgumentTypes).validate();
		InvocableHandlerMethod method = this.methodFactory.createInvocableHandlerMethod(endpoint.bean(),
				endpoint.method());
		return new InvocableListenerInvoker(method);
	}

}

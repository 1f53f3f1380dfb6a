package io.github.redismessaging.annotation;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.List;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.ReflectiveProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.support.MessageHeaderAccessor;

import io.github.redismessaging.listener.Acknowledgment;

/**
 * The reflection a listener method needs where reflection is closed (a native image): invoking the method, binding
 * its payload type with Jackson ({@code T} of {@code T}, {@code Message<T>}, {@code List<T>} and
 * {@code List<Message<T>>}), and converting its {@code @Header} parameters. The listener annotations carry it in
 * {@code @Reflective}, as {@code @KafkaListener} and {@code @RabbitListener} carry spring-messaging's through
 * {@code @MessageMapping}, so that Spring's AOT processing applies it to every bean class with a listener method.
 */
final class ListenerReflectiveProcessor implements ReflectiveProcessor {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerReflectionHints(ReflectionHints hints, AnnotatedElement element) {
		if (element instanceof Method method) {
			hints.registerMethod(method, ExecutableMode.INVOKE);
			for (int index = 0; index < method.getParameterCount(); index++) {
				registerParameterHints(hints, new MethodParameter(method, index));
			}
		}
	}

	private void registerParameterHints(ReflectionHints hints, MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		if (parameter.hasParameterAnnotation(Header.class)) {
			Class<?> headerType = parameter.nestedIfOptional().getNestedParameterType();
			if (!headerType.isPrimitive() && !headerType.getName().startsWith("java.")) {
				// Headers are strings: the conversion service turns them into this type through a public
				// valueOf/of/from method or constructor.
				hints.registerType(headerType, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
						MemberCategory.INVOKE_PUBLIC_METHODS);
			}
		}
		else if (!parameter.hasParameterAnnotation(Headers.class) && !MessageHeaders.class.isAssignableFrom(type)
				&& !MessageHeaderAccessor.class.isAssignableFrom(type) && type != Acknowledgment.class) {
			ResolvableType payload = payloadType(ResolvableType.forMethodParameter(parameter));
			if (payload.resolve() != null) {
				this.bindings.registerReflectionHints(hints, payload.getType());
			}
		}
	}

	/** The type each message is decoded to: a batch listener's element type, without the {@code Message} wrapper. */
	private static ResolvableType payloadType(ResolvableType type) {
		Class<?> raw = type.toClass();
		if (List.class.isAssignableFrom(raw)) {
			return payloadType(type.asCollection().getGeneric());
		}
		if (Message.class.isAssignableFrom(raw)) {
			return type.as(Message.class).getGeneric();
		}
		return type;
	}

}

package io.github.redismessaging.listener.adapter;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.SynthesizingMethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.listener.ListenerEndpoint;
import io.github.redismessaging.listener.ListenerKind;

/**
 * Checks at startup that every parameter of a listener method can be supplied, so that a bad signature fails
 * the application instead of every message.
 */
final class ListenerMethodValidator {

	private static final List<Class<?>> ABSTRACT_PAYLOAD_TYPES = List.of(CharSequence.class, Map.class,
			Collection.class, Number.class);

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	private final ListenerEndpoint endpoint;

	private final Set<Class<?>> extraArgumentTypes;

	ListenerMethodValidator(ListenerEndpoint endpoint, Set<Class<?>> extraArgumentTypes) {
		this.endpoint = endpoint;
		this.extraArgumentTypes = extraArgumentTypes;
	}

	void validate() {
		Method method = this.endpoint.method();
		if (!AsyncResults.isSupported(method)) {
			throw invalid("returns " + method.getGenericReturnType().getTypeName() + ", which " + this.endpoint.kind()
				.annotationName() + " cannot wait for; return " + AsyncResults.supportedTypes()
					+ ": the message is acknowledged once the returned stage completes");
		}
		List<MethodParameter> payloads = new ArrayList<>();
		for (int i = 0; i < method.getParameterCount(); i++) {
			MethodParameter parameter = new SynthesizingMethodParameter(method, i);
			parameter.initParameterNameDiscovery(PARAMETER_NAMES);
			if (!isSuppliedByContainer(parameter, this.extraArgumentTypes)) {
				checkPayloadType(parameter);
				payloads.add(parameter);
			}
		}
		if (payloads.size() > 1) {
			throw invalid("has " + payloads.size() + " payload parameters (" + describe(payloads)
					+ "); a listener takes one payload, mark the others with @Header");
		}
		MethodParameter batch = batchPayload(method);
		if (batch != null) {
			checkBatch(method, batch);
		}
	}

	/**
	 * The payload parameter of a batch listener: a {@code List<T>} or {@code List<Message<T>>}.
	 * @param method the listener method
	 * @return the parameter, or {@code null} if the method is not a batch listener
	 */
	static @Nullable MethodParameter batchPayload(Method method) {
		for (int i = 0; i < method.getParameterCount(); i++) {
			MethodParameter parameter = new SynthesizingMethodParameter(method, i);
			if (parameter.getParameterType() == List.class && !parameter.hasParameterAnnotation(Header.class)
					&& !parameter.hasParameterAnnotation(Headers.class)) {
				return parameter;
			}
		}
		return null;
	}

	/**
	 * The parameter of a method that takes one plain payload and nothing else: one parameter, without any annotation
	 * (no header, no {@code @Payload} expression, no validation), of a type that the codec creates an instance of
	 * and that nothing but the payload resolver takes (not {@code Optional}, {@code Message},
	 * {@code MessageHeaders}, {@code List} or a type the container supplies; primitives fail validation).
	 * @param method the listener method
	 * @param extraArgumentTypes argument types that the container supplies
	 * @return the parameter, or {@code null} for any other method
	 */
	static @Nullable MethodParameter plainPayloadOnly(Method method, Set<Class<?>> extraArgumentTypes) {
		if (method.getParameterCount() != 1) {
			return null;
		}
		MethodParameter parameter = new SynthesizingMethodParameter(method, 0);
		Class<?> type = parameter.getParameterType();
		boolean plain = !parameter.hasParameterAnnotations() && type != Optional.class && type != List.class
				&& !isSuppliedByContainer(parameter, extraArgumentTypes);
		return plain ? parameter : null;
	}

	private void checkBatch(Method method, MethodParameter batch) {
		if (this.endpoint.kind() == ListenerKind.PUBSUB) {
			throw invalid("takes a List, which makes it a batch listener, but " + this.endpoint.kind().annotationName()
					+ " delivers one message per call: take the element type, or an array such as "
					+ ResolvableType.forMethodParameter(batch).getGeneric(0).resolve(Object.class).getSimpleName()
					+ "[] when one message is a JSON array");
		}
		if (method.getParameterCount() > 1) {
			throw invalid("is a batch listener (its payload parameter is a List) and has " + method.getParameterCount()
					+ " parameters; a batch listener takes the List alone: use List<Message<T>> for each message's "
					+ "headers");
		}
		ResolvableType element = ResolvableType.forMethodParameter(batch).getGeneric(0);
		if (Message.class.isAssignableFrom(element.toClass())) {
			element = element.getGeneric(0);
		}
		if (element.resolve() == null) {
			throw invalid("is a batch listener whose List has no element type; declare List<T> or List<Message<T>> "
					+ "with the payload type T");
		}
	}

	private static boolean isSuppliedByContainer(MethodParameter parameter, Set<Class<?>> extraArgumentTypes) {
		Class<?> type = parameter.getParameterType();
		return parameter.hasParameterAnnotation(Header.class) || parameter.hasParameterAnnotation(Headers.class)
				|| Message.class.isAssignableFrom(type) || MessageHeaders.class.isAssignableFrom(type)
				|| extraArgumentTypes.stream().anyMatch((extra) -> extra.isAssignableFrom(type));
	}

	private void checkPayloadType(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		boolean isAbstract = type != Object.class && !type.isArray()
				&& (type.isInterface() || Modifier.isAbstract(type.getModifiers()));
		if (isAbstract && ABSTRACT_PAYLOAD_TYPES.stream().noneMatch((supported) -> supported.isAssignableFrom(type))) {
			throw invalid("parameter " + parameter.getParameterIndex() + " of type " + type.getName()
					+ " is not supported by " + this.endpoint.kind().annotationName()
					+ ": use the payload type (String, byte[], a Map or a class the JSON codec can create), "
					+ "@Header values, Message or MessageHeaders");
		}
	}

	private ListenerConfigurationException invalid(String problem) {
		return new ListenerConfigurationException(this.endpoint.description() + ": method " + problem);
	}

	private static String describe(List<MethodParameter> parameters) {
		return String.join(", ", parameters.stream()
			.map((parameter) -> parameter.getParameterType().getSimpleName() + " "
					+ ((parameter.getParameterName() != null) ? parameter.getParameterName() : "#" + parameter.getParameterIndex()))
			.toList());
	}

}

package io.github.redismessaging.listener.adapter;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.util.ReflectionUtils;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.codec.PayloadDecodingException;
import io.github.redismessaging.listener.BatchListenerInvoker;
import io.github.redismessaging.listener.ListenerAttributes;
import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.listener.ListenerEndpoint;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.RedisHeaders;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerInvokerFactoryTest {

	private final ListenerInvokerFactory factory = new ListenerInvokerFactory(PayloadCodec.json(JsonMapper.shared()));

	private final Listeners listeners = new Listeners();

	@Test
	void resolvesPojoPayloadAndHeaders() throws Exception {
		ListenerInvoker invoker = invoker("onPrice");
		invoker.invoke(bytes("{\"symbol\":\"ACME\",\"amount\":12.5}"), Map.of(RedisHeaders.CHANNEL, "prices"));
		assertThat(this.listeners.received).containsExactly("prices:ACME@12.5");
	}

	@Test
	void resolvesGenericPayloads() throws Exception {
		invoker("onArray").invoke(bytes("[{\"symbol\":\"A\",\"amount\":1},{\"symbol\":\"B\",\"amount\":2}]"), Map.of());
		invoker("onMap").invoke(bytes("{\"k\":\"v\"}"), Map.of());
		assertThat(this.listeners.received).containsExactly("A,B", "{k=v}");
	}

	@Test
	void passesStringsAndBytesThrough() throws Exception {
		invoker("onText").invoke(bytes("not json at all"), Map.of());
		invoker("onBytes").invoke(bytes("raw"), Map.of());
		assertThat(this.listeners.received).containsExactly("not json at all", "3 bytes");
	}

	@Test
	void malformedPayloadIsADecodingFailure() {
		assertThatThrownBy(() -> invoker("onPrice").invoke(bytes("{oops"), Map.of(RedisHeaders.CHANNEL, "prices")))
			.isInstanceOf(PayloadDecodingException.class)
			.hasMessageContaining("Cannot decode payload '{oops'");
		assertThatThrownBy(() -> invoker("onPrice").invoke(bytes("null"), Map.of(RedisHeaders.CHANNEL, "prices")))
			.isInstanceOf(PayloadDecodingException.class);
	}

	@Test
	void emptyPayloadReachesStringAndBytesParameters() throws Exception {
		invoker("onText").invoke(new byte[0], Map.of());
		invoker("onBytes").invoke(new byte[0], Map.of());
		invoker("onTextMessage").invoke(new byte[0], Map.of());
		assertThat(this.listeners.received).containsExactly("", "0 bytes", "message:");
	}

	@Test
	void emptyPayloadIsADecodingFailureForOtherTypes() {
		for (String method : List.of("onArray", "onMap", "onPriceMessage")) {
			assertThatThrownBy(() -> invoker(method).invoke(new byte[0], Map.of())).as(method)
				.isInstanceOf(PayloadDecodingException.class)
				.hasMessageContaining("The payload is empty");
		}
		assertThatThrownBy(() -> invoker("onPrice").invoke(new byte[0], Map.of(RedisHeaders.CHANNEL, "prices")))
			.isInstanceOf(PayloadDecodingException.class)
			.hasMessageContaining("cannot be decoded into " + Price.class.getName());
	}

	@Test
	void messageParameterGetsThePayloadDecodedIntoItsTypeArgument() throws Exception {
		invoker("onPriceMessage").invoke(bytes("{\"symbol\":\"ACME\",\"amount\":1}"), Map.of());
		assertThat(this.listeners.received).containsExactly("message:ACME");
	}

	@Test
	void listParameterMakesABatchListenerThatDecodesEachElement() throws Exception {
		BatchListenerInvoker prices = (BatchListenerInvoker) invoker("onList", ListenerKind.QUEUE);
		prices.invokeBatch(List.of(prices.decode(bytes("{\"symbol\":\"A\",\"amount\":1}"), Map.of()),
				prices.decode(bytes("{\"symbol\":\"B\",\"amount\":2}"), Map.of())));
		BatchListenerInvoker messages = (BatchListenerInvoker) invoker("onMessages", ListenerKind.STREAM);
		messages.invokeBatch(List.of(messages.decode(bytes("{\"symbol\":\"C\",\"amount\":3}"),
				Map.of(RedisHeaders.ID, "1-0"))));
		assertThat(this.listeners.received).containsExactly("A,B", "1-0:C");
		assertThatThrownBy(() -> prices.decode(bytes("{oops"), Map.of())).isInstanceOf(PayloadDecodingException.class);
		assertThatThrownBy(() -> prices.decode(new byte[0], Map.of())).isInstanceOf(PayloadDecodingException.class);
	}

	@Test
	void batchListenerGetsAListItCannotChange() {
		BatchListenerInvoker prices = (BatchListenerInvoker) invoker("onListChanging", ListenerKind.QUEUE);
		assertThatThrownBy(() -> prices.invokeBatch(new ArrayList<>(List.of(prices.decode(
				bytes("{\"symbol\":\"A\",\"amount\":1}"), Map.of())))))
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void listParameterIsRejectedOnASubscriber() {
		assertThatThrownBy(() -> invoker("onList")).isInstanceOf(ListenerConfigurationException.class)
			.hasMessage("@RedisSubscriber 'test' (bean 'listeners', method Listeners.onList): method takes a List, "
					+ "which makes it a batch listener, but @RedisSubscriber delivers one message per call: take the "
					+ "element type, or an array such as Price[] when one message is a JSON array");
	}

	@Test
	void twoPayloadParametersAreRejected() {
		assertThatThrownBy(() -> invoker("twoPayloads")).isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("@RedisSubscriber 'test' (bean 'listeners', method Listeners.twoPayloads)")
			.hasMessageContaining("has 2 payload parameters (String first, String second)");
	}

	@Test
	void unsupportedParameterTypeIsRejected() {
		assertThatThrownBy(() -> invoker("unsupported")).isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("parameter 0 of type java.lang.Runnable is not supported by @RedisSubscriber");
	}

	@Test
	void containerSuppliedTypesAreAccepted() {
		assertThat(this.factory.create(endpoint("unsupported"), Set.of(Runnable.class), List.of())).isNotNull();
	}

	@Test
	void onlyAMethodThatTakesAPlainPayloadAloneIgnoresHeaders() {
		assertThat(invoker("onText").usesHeaders()).isFalse();
		assertThat(invoker("onBytes").usesHeaders()).isFalse();
		assertThat(invoker("onMap").usesHeaders()).isFalse();
		assertThat(invoker("onArray").usesHeaders()).isFalse();
		assertThat(invoker("onGenericPrices").usesHeaders()).isFalse();
		// headers, a message, an annotated payload or a type the container supplies: the full path
		for (String method : List.of("onPrice", "onTextMessage", "onAnnotatedText")) {
			assertThat(invoker(method).usesHeaders()).as(method).isTrue();
		}
		assertThat(this.factory.create(endpoint("unsupported"), Set.of(Runnable.class), List.of()).usesHeaders())
			.isTrue();
	}

	@Test
	void plainPayloadIsDecodedIntoItsResolvedGenericType() throws Exception {
		invoker("onGenericPrices").invoke(bytes("[{\"symbol\":\"A\",\"amount\":1}]"), Map.of());
		assertThat(this.listeners.received).containsExactly("Price:A");
	}

	@Test
	void annotatedPayloadTakesTheFullPath() throws Exception {
		invoker("onAnnotatedText").invoke(bytes("hello"), Map.of());
		assertThat(this.listeners.received).containsExactly("payload:hello");
	}

	private ListenerInvoker invoker(String methodName) {
		return invoker(methodName, ListenerKind.PUBSUB);
	}

	private ListenerInvoker invoker(String methodName, ListenerKind kind) {
		return this.factory.create(endpoint(methodName, kind), Set.of(), List.of());
	}

	private ListenerEndpoint endpoint(String methodName) {
		return endpoint(methodName, ListenerKind.PUBSUB);
	}

	private ListenerEndpoint endpoint(String methodName, ListenerKind kind) {
		Method method = List.of(ReflectionUtils.getDeclaredMethods(Listeners.class))
			.stream()
			.filter((candidate) -> candidate.getName().equals(methodName))
			.findFirst()
			.orElseThrow();
		ListenerAttributes attributes = ListenerAttributes
			.builder("@RedisSubscriber 'test' (bean 'listeners', method Listeners." + methodName + ")")
			.build();
		return new ListenerEndpoint("test", kind, "listeners", this.listeners, method, attributes);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	record Price(String symbol, double amount) {
	}

	static class Listeners {

		final List<String> received = new ArrayList<>();

		void onPrice(Price price, @Header(RedisHeaders.CHANNEL) String channel) {
			this.received.add(channel + ":" + price.symbol() + "@" + price.amount());
		}

		void onArray(Price[] prices) {
			this.received.add(String.join(",", List.of(prices).stream().map(Price::symbol).toList()));
		}

		void onList(List<Price> prices) {
			this.received.add(String.join(",", prices.stream().map(Price::symbol).toList()));
		}

		void onListChanging(List<Price> prices) {
			prices.remove(0);
		}

		void onMessages(List<Message<Price>> messages) {
			messages.forEach((message) -> this.received
				.add(message.getHeaders().get(RedisHeaders.ID) + ":" + message.getPayload().symbol()));
		}

		void onMap(Map<String, String> fields) {
			this.received.add(fields.toString());
		}

		void onText(String text) {
			this.received.add(text);
		}

		void onBytes(byte[] data) {
			this.received.add(data.length + " bytes");
		}

		void onTextMessage(Message<String> message) {
			this.received.add("message:" + message.getPayload());
		}

		void onPriceMessage(Message<Price> message) {
			this.received.add("message:" + message.getPayload().symbol());
		}

		void onGenericPrices(Collection<Price> prices) {
			prices.forEach((price) -> this.received.add(price.getClass().getSimpleName() + ":" + price.symbol()));
		}

		void onAnnotatedText(@Payload String text) {
			this.received.add("payload:" + text);
		}

		void twoPayloads(String first, String second) {
		}

		void unsupported(Runnable task) {
		}

	}

}

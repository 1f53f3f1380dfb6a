package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.publish.RedisMessagingTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @RedisSubscriber} against a real standalone Redis 7.
 */
class PubSubStandaloneIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@Test
	void subscribeAndPatternSubscribeDeliverAndBothMatchesAreReceived() {
		MessagingContextRunners.standalone().withUserConfiguration(ChannelAndPatternListener.class).run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			Received received = context.getBean(Received.class);
			assertThat(template.publish("it.alerts", "only-channel")).isEqualTo(1);
			assertThat(template.publish("it.mail-eu", "only-pattern")).isEqualTo(1);
			assertThat(template.publish("it.mail-both", "both")).isEqualTo(2);
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(received.items()).containsExactlyInAnyOrder(
					"it.alerts|-|only-channel", "it.mail-eu|it.mail-*|only-pattern", "it.mail-both|-|both",
					"it.mail-both|it.mail-*|both"));
		});
	}

	@Test
	void convertsJsonPayloadsIntoTheParameterType() {
		MessagingContextRunners.standalone().withUserConfiguration(TypedListeners.class).run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			Received received = context.getBean(Received.class);
			template.publish("it.prices", new Price("ACME", 12.5));
			template.publish("it.fields", Map.of("k", "v"));
			template.publish("it.bytes", "abc".getBytes());
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(received.items())
				.containsExactlyInAnyOrder("price ACME 12.5", "fields {k=v}", "bytes 3"));
		});
	}

	@Test
	void throwingListenerKeepsReceivingAndDoesNotAffectOthers() {
		MessagingContextRunners.standalone().withUserConfiguration(ThrowingListeners.class).run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			Received received = context.getBean(Received.class);
			List<String> messages = List.of("{\"symbol\":\"A\",\"amount\":1}", "boom",
					"{\"symbol\":\"B\",\"amount\":2}");
			messages.forEach((message) -> template.publish("it.fragile", message));
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(received.items()).hasSize(4));
			assertThat(received.items()).contains("fragile B");
			assertThat(received.items().stream().filter((item) -> item.startsWith("steady ")))
				.containsExactlyElementsOf(messages.stream().map((message) -> "steady " + message).toList());
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(processed(meters, "fragile", "failure")).isEqualTo(1);
			assertThat(processed(meters, "fragile", "decode-failure")).isEqualTo(1);
			assertThat(processed(meters, "fragile", "success")).isEqualTo(1);
			assertThat(processed(meters, "steady", "success")).isEqualTo(3);
			assertThat(meters.get("redis.messaging.received").tag("listener", "fragile").tag("destination", "it.fragile")
				.counter().count()).isEqualTo(3);
		});
	}

	private static long processed(MeterRegistry meters, String listener, String outcome) {
		return meters.get("redis.messaging.process").tag("listener", listener).tag("outcome", outcome).timer().count();
	}

	@Test
	void concurrencyKeepsTheOrderOfEachChannel() {
		MessagingContextRunners.standalone().withUserConfiguration(OrderedListener.class).run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			Received received = context.getBean(Received.class);
			List<String> channels = List.of("it.seq.a", "it.seq.b", "it.seq.c", "it.seq.d");
			IntStream.range(0, 200).forEach((i) -> channels.forEach((channel) -> template.publish(channel, channel + ":" + i)));
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(received.items()).hasSize(800));
			for (String channel : channels) {
				List<String> ofChannel = received.items().stream().filter((item) -> item.startsWith(channel + ":")).toList();
				assertThat(ofChannel).containsExactlyElementsOf(
						IntStream.range(0, 200).mapToObj((i) -> channel + ":" + i).toList());
			}
		});
	}

	@Test
	void eventLoopDispatchHandlesEveryMessageInOrderOnTheConnectionsThreadAndSurvivesFailures() {
		MessagingContextRunners.standalone().withUserConfiguration(EventLoopListener.class).run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			EventLoopListenerBean listener = context.getBean(EventLoopListenerBean.class);
			IntStream.range(0, 500).forEach((i) -> template.publish("it.inline",
					(i == 10) ? "not json" : "{\"symbol\":\"S" + i + "\",\"amount\":" + i + "}"));
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(listener.received.items()).hasSize(498));
			// 10 could not be decoded and 20 threw: both skipped, everything else in publishing order
			assertThat(listener.received.items()).containsExactlyElementsOf(IntStream.range(0, 500)
				.filter((i) -> i != 10 && i != 20)
				.mapToObj((i) -> "S" + i)
				.toList());
			assertThat(listener.threads).allSatisfy((thread) -> assertThat(thread).startsWith("lettuce-"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(processed(meters, "inline", "success")).isEqualTo(498);
			assertThat(processed(meters, "inline", "failure")).isEqualTo(1);
			assertThat(processed(meters, "inline", "decode-failure")).isEqualTo(1);
			assertThat(context.getBean(RedisListenerRegistry.class).container("inline").orElseThrow().isRunning())
				.isTrue();
		});
	}

	@Test
	void placeholdersAndPropertyOverridesChooseTheChannels() {
		MessagingContextRunners.standalone()
			.withUserConfiguration(PlaceholderListener.class)
			.withPropertyValues("app.channel=it.from-placeholder",
					"redis.messaging.listeners.overridden.channels=it.from-property")
			.run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				Received received = context.getBean(Received.class);
				assertThat(template.publish("it.from-placeholder", "p")).isEqualTo(1);
				assertThat(template.publish("it.from-annotation", "a")).isZero();
				assertThat(template.publish("it.from-property", "o")).isEqualTo(1);
				await().atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(received.items()).containsExactlyInAnyOrder("placeholder p",
							"overridden o"));
			});
	}

	@Test
	void autoStartupFalseLeavesTheListenerStoppedUntilStarted() {
		MessagingContextRunners.standalone()
			.withUserConfiguration(PlaceholderListener.class)
			.withPropertyValues("app.channel=it.manual", "redis.messaging.listeners.placeholder.auto-startup=false")
			.run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				RedisListenerRegistry registry = context.getBean(RedisListenerRegistry.class);
				assertThat(registry.container("placeholder")).hasValueSatisfying((c) -> assertThat(c.isRunning()).isFalse());
				assertThat(template.publish("it.manual", "early")).isZero();
				registry.container("placeholder").orElseThrow().start();
				assertThat(template.publish("it.manual", "late")).isEqualTo(1);
				await().atMost(TIMEOUT).untilAsserted(
						() -> assertThat(context.getBean(Received.class).items()).containsExactly("placeholder late"));
			});
	}

	record Price(String symbol, double amount) {
	}

	@Configuration(proxyBeanMethods = false)
	static class ChannelAndPatternListener {

		@Bean
		Received received() {
			return new Received();
		}

		@Bean
		Object channelAndPatternListener(Received received) {
			return new Object() {
				@RedisSubscriber(channels = { "it.alerts", "it.mail-both" }, patterns = "it.mail-*")
				void on(String message, @Header(RedisHeaders.CHANNEL) String channel,
						@Header(name = RedisHeaders.PATTERN, required = false) String pattern) {
					received.add(channel + "|" + ((pattern != null) ? pattern : "-") + "|" + message);
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TypedListeners {

		@Bean
		Received received() {
			return new Received();
		}

		@Bean
		TypedListenerBean typedListenerBean(Received received) {
			return new TypedListenerBean(received);
		}

	}

	static class TypedListenerBean {

		private final Received received;

		TypedListenerBean(Received received) {
			this.received = received;
		}

		@RedisSubscriber(channels = "it.prices")
		void onPrice(Price price) {
			this.received.add("price " + price.symbol() + " " + price.amount());
		}

		@RedisSubscriber(channels = "it.fields")
		void onFields(Map<String, String> fields) {
			this.received.add("fields " + fields);
		}

		@RedisSubscriber(channels = "it.bytes")
		void onBytes(byte[] data) {
			this.received.add("bytes " + data.length);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingListeners {

		@Bean
		Received received() {
			return new Received();
		}

		@Bean
		ThrowingListenerBean throwingListenerBean(Received received) {
			return new ThrowingListenerBean(received);
		}

	}

	static class ThrowingListenerBean {

		private final Received received;

		ThrowingListenerBean(Received received) {
			this.received = received;
		}

		@RedisSubscriber(id = "fragile", channels = "it.fragile")
		void fragile(Price price) {
			if (price.symbol().equals("A")) {
				throw new IllegalStateException("listener failure on purpose");
			}
			this.received.add("fragile " + price.symbol());
		}

		@RedisSubscriber(id = "steady", channels = "it.fragile")
		void steady(String message) {
			this.received.add("steady " + message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventLoopListener {

		@Bean
		EventLoopListenerBean eventLoopListenerBean() {
			return new EventLoopListenerBean();
		}

	}

	static class EventLoopListenerBean {

		private final Received received = new Received();

		private final Set<String> threads = ConcurrentHashMap.newKeySet();

		@RedisSubscriber(id = "inline", channels = "it.inline", dispatch = "EVENT_LOOP")
		void on(Price price) {
			this.threads.add(Thread.currentThread().getName());
			if (price.symbol().equals("S20")) {
				throw new IllegalStateException("listener failure on purpose");
			}
			this.received.add(price.symbol());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedListener {

		@Bean
		Received received() {
			return new Received();
		}

		@Bean
		Object orderedListener(Received received) {
			return new Object() {
				@RedisSubscriber(channels = "it.seq.a,it.seq.b,it.seq.c,it.seq.d", concurrency = "4")
				void on(String message) {
					received.add(message);
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlaceholderListener {

		@Bean
		Received received() {
			return new Received();
		}

		@Bean
		PlaceholderListenerBean placeholderListenerBean(Received received) {
			return new PlaceholderListenerBean(received);
		}

	}

	static class PlaceholderListenerBean {

		private final Received received;

		PlaceholderListenerBean(Received received) {
			this.received = received;
		}

		@RedisSubscriber(id = "placeholder", channels = "${app.channel}")
		void placeholder(String message) {
			this.received.add("placeholder " + message);
		}

		@RedisSubscriber(id = "overridden", channels = "it.from-annotation")
		void overridden(String message) {
			this.received.add("overridden " + message);
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.listener.Acknowledgment;
import io.github.redismessaging.listener.RedisHeaders;

/**
 * Stream listeners for the integration tests, steered by properties ({@code test.stream}, {@code test.group})
 * and by a {@link Behaviour} the test changes while the listener runs.
 */
final class StreamTestListeners {

	private StreamTestListeners() {
	}

	/**
	 * What the listeners saw: deliveries per entry id, and the payload of each id.
	 */
	static final class Processed {

		final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

		final Map<String, String> payloads = new ConcurrentHashMap<>();

		/** How often each payload was recorded, whatever its id. */
		final Map<String, AtomicInteger> payloadCounts = new ConcurrentHashMap<>();

		/** When each payload was first recorded ({@link System#nanoTime()}). */
		final Map<String, Long> firstNanos = new ConcurrentHashMap<>();

		void record(String id, String payload) {
			this.deliveries.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			this.payloads.put(id, payload);
			this.firstNanos.putIfAbsent(payload, System.nanoTime());
			this.payloadCounts.computeIfAbsent(payload, (key) -> new AtomicInteger()).incrementAndGet();
		}

		int count(String id) {
			AtomicInteger count = this.deliveries.get(id);
			return (count != null) ? count.get() : 0;
		}

	}

	/**
	 * How the listener treats a payload: fail on payloads starting with {@code poison}, block on payloads
	 * starting with {@code block} until released.
	 */
	static final class Behaviour {

		volatile boolean poisonFails = true;

		final CountDownLatch release = new CountDownLatch(1);

		void apply(String payload) throws InterruptedException {
			if (payload.startsWith("poison") && this.poisonFails) {
				throw new IllegalStateException("cannot handle " + payload);
			}
			if (payload.startsWith("block")) {
				this.release.await(60, TimeUnit.SECONDS);
			}
		}

	}

	static class Common {

		@Bean
		Processed processed() {
			return new Processed();
		}

		@Bean
		Processed attempts() {
			return new Processed();
		}

		@Bean
		Behaviour behaviour() {
			return new Behaviour();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Text extends Common {

		@Bean
		TextListener textListener(Processed processed, Processed attempts, Behaviour behaviour) {
			return new TextListener(processed, attempts, behaviour);
		}

	}

	static class TextListener {

		private final Processed processed;

		private final Processed attempts;

		private final Behaviour behaviour;

		TextListener(Processed processed, Processed attempts, Behaviour behaviour) {
			this.processed = processed;
			this.attempts = attempts;
			this.behaviour = behaviour;
		}

		@StreamListener(id = "text", stream = "${test.stream}", group = "${test.group:}", start = "earliest")
		void on(String payload, @Header(RedisHeaders.ID) String id) throws InterruptedException {
			this.attempts.record(id, payload);
			this.behaviour.apply(payload);
			this.processed.record(id, payload);
		}

	}

	record Order(String id, int amount) {
	}

	@Configuration(proxyBeanMethods = false)
	static class Typed extends Common {

		@Bean
		TypedListener typedListener(Processed processed) {
			return new TypedListener(processed);
		}

	}

	static class TypedListener {

		private final Processed processed;

		TypedListener(Processed processed) {
			this.processed = processed;
		}

		@StreamListener(id = "typed", stream = "${test.stream}", group = "g", start = "earliest")
		void on(Order order, @Header(RedisHeaders.ID) String id, Map<String, String> fields) {
			this.processed.record(id, order.id() + ":" + order.amount() + ":" + fields.get("h.source"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Manual extends Common {

		@Bean
		ManualListener manualListener(Processed processed, Processed attempts) {
			return new ManualListener(processed, attempts);
		}

	}

	static class ManualListener {

		private final Processed processed;

		private final Processed attempts;

		ManualListener(Processed processed, Processed attempts) {
			this.processed = processed;
			this.attempts = attempts;
		}

		@StreamListener(id = "manual", stream = "${test.stream}", group = "g", start = "earliest", ackMode = "MANUAL")
		void on(String payload, @Header(RedisHeaders.ID) String id,
				@Header(RedisHeaders.DELIVERY_COUNT) long deliveries, Acknowledgment ack) {
			this.attempts.record(id, payload);
			if (deliveries >= 2) {
				this.processed.record(id, payload);
				ack.acknowledge();
			}
		}

	}

}

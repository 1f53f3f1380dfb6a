package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Order;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.BatchListenerFailedException;
import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.queue.QueueEnvelope;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch listeners: a {@code List<T>} or {@code List<Message<T>>} payload parameter gets up to a batch per call,
 * finished together; a {@link BatchListenerFailedException} finishes the elements before the one it names and sends
 * that one and the rest down the failure path one by one.
 */
class BatchListenerIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	private static ApplicationContextRunner runner(String queue) {
		return MessagingContextRunners.standalone()
			.withUserConfiguration(BatchListeners.class)
			.withPropertyValues("test.queue=" + queue, "test.stream=" + queue + ".stream",
					"redis.messaging.listeners.batchStream.max-deliveries=2",
					"redis.messaging.listeners.batchStream.claim-min-idle=200ms",
					"redis.messaging.listeners.batchStream.claim-interval=200ms",
					"redis.messaging.listeners.batchQueue.max-attempts=2",
					"redis.messaging.listeners.batchQueue.backoff.delay=50ms",
					"redis.messaging.listeners.batchQueue.maintenance-interval=50ms",
					"redis.messaging.listeners.batchMessages.maintenance-interval=50ms",
					"redis.messaging.listeners.batchOnce.backoff.delay=50ms",
					"redis.messaging.listeners.batchOnce.maintenance-interval=50ms");
	}

	private static void enqueueOrders(String queue, List<String> ids) {
		for (int from = 0; from < ids.size(); from += 1000) {
			String[] items = ids.subList(from, Math.min(ids.size(), from + 1000))
				.stream()
				.map((id) -> "{\"id\":\"" + id + "\",\"payload\":{\"id\":\"" + id + "\",\"amount\":1}}")
				.toArray(String[]::new);
			redis.commands().lpush(queue, items);
		}
	}

	@Test
	void queueBatchListenerProcessesTenThousandItemsExactlyOnceAndRetriesFromTheNamedIndex() {
		String queue = "it.batch." + UUID.randomUUID();
		runner(queue).run((context) -> {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 10_000; i++) {
				ids.add(((i % 1000 == 500) ? "poison-" : "order-") + i);
			}
			enqueueOrders(queue, ids);
			Processed processed = context.getBean("processed", Processed.class);
			Processed attempts = context.getBean("attempts", Processed.class);
			String dlq = "{" + queue + "}:dlq";
			await().atMost(Duration.ofSeconds(60)).until(() -> redis.commands().llen(dlq) == 10
					&& processed.deliveries.size() == 9_990 && redis.commands().llen(queue) == 0
					&& redis.taken(queue).isEmpty());
			for (String id : ids) {
				if (id.startsWith("poison")) {
					assertThat(attempts.count(id)).as(id).isEqualTo(2);
					assertThat(processed.count(id)).as(id).isZero();
				}
				else {
					assertThat(processed.count(id)).as(id).isEqualTo(1);
				}
			}
			assertThat(redis.commands().lrange(dlq, 0, -1)).allSatisfy((item) -> {
				QueueEnvelope envelope = QueueEnvelope.read(item.getBytes());
				assertThat(envelope.id()).startsWith("poison-");
				assertThat(envelope.headers().get(DeadLetterFields.EXCEPTION)).startsWith("java.lang.IllegalStateException: "
						+ "cannot handle " + envelope.id());
			});
			BatchListener listener = context.getBean(BatchListener.class);
			assertThat(listener.largestBatch.get()).isGreaterThan(10).isLessThanOrEqualTo(50);
		});
	}

	@Test
	void streamBatchListenerProcessesTenThousandEntriesExactlyOnceAndFailsOnlyTheNamedEntry() {
		String queue = "it.batch." + UUID.randomUUID();
		String stream = queue + ".stream";
		runner(queue).run((context) -> {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 10_000; i++) {
				String id = ((i % 1000 == 500) ? "poison-" : "order-") + i;
				ids.add(id);
				redis.add(stream, "{\"id\":\"" + id + "\",\"amount\":1}");
			}
			Processed processed = context.getBean("processed", Processed.class);
			Processed attempts = context.getBean("attempts", Processed.class);
			String dlq = "{" + stream + "}:dlq";
			await().atMost(Duration.ofSeconds(60)).until(() -> redis.commands().xlen(dlq) == 10
					&& processed.deliveries.size() == 9_990 && redis.pending(stream, "g") == 0);
			for (String id : ids) {
				if (id.startsWith("poison")) {
					assertThat(attempts.count(id)).as(id).isEqualTo(2);
				}
				else {
					assertThat(processed.count(id)).as(id).isEqualTo(1);
				}
			}
			assertThat(redis.all(dlq)).allSatisfy((entry) -> {
				assertThat(entry.getBody()).containsEntry(DeadLetterFields.REASON, "max-deliveries");
				assertThat(entry.getBody().get(DeadLetterFields.EXCEPTION)).startsWith("java.lang.IllegalStateException: "
						+ "cannot handle poison-");
			});
			assertThat(context.getBean(BatchListener.class).largestStreamBatch.get()).isGreaterThan(1)
				.isLessThanOrEqualTo(100);
		});
	}

	@Test
	void anyOtherExceptionFailsEveryItemOfTheCallOnItsOwn() {
		String queue = "it.batch." + UUID.randomUUID();
		String once = queue + ".once";
		runner(queue).run((context) -> {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				ids.add("order-" + i);
			}
			enqueueOrders(once, ids);
			BatchListener listener = context.getBean(BatchListener.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> listener.failOnce.deliveries.values()
				.stream()
				.filter((count) -> count.get() == 2)
				.count() == listener.firstCall.size() && redis.commands().llen(once) == 0
					&& redis.taken(once).isEmpty() && redis.commands().zcard("{" + once + "}:delayed") == 0);
			assertThat(listener.firstCall).isNotEmpty();
			for (String id : ids) {
				assertThat(listener.failOnce.count(id)).as(id).isEqualTo(listener.firstCall.contains(id) ? 2 : 1);
			}
			assertThat(redis.commands().llen("{" + once + "}:dlq")).isZero();
		});
	}

	@Test
	void messageElementsCarryTheirHeadersAndAnUndecodableItemIsDeadLetteredAlone() {
		String queue = "it.batch." + UUID.randomUUID();
		String messages = queue + ".messages";
		runner(queue).run((context) -> {
			redis.commands().lpush(messages, "{\"id\":\"a\",\"payload\":{\"id\":\"a\",\"amount\":1}}",
					"{\"id\":\"bad\",\"payload\":\"not an order\"}", "{\"id\":\"b\",\"payload\":{\"id\":\"b\",\"amount\":2}}");
			BatchListener listener = context.getBean(BatchListener.class);
			String dlq = "{" + messages + "}:dlq";
			await().atMost(Duration.ofSeconds(10))
				.until(() -> listener.headerIds.size() == 2 && redis.commands().llen(dlq) == 1);
			assertThat(listener.headerIds).containsExactlyInAnyOrderEntriesOf(Map.of("a", "a", "b", "b"));
			QueueEnvelope dead = QueueEnvelope.read(redis.commands().lindex(dlq, 0).getBytes());
			assertThat(dead.id()).isEqualTo("bad");
			assertThat(dead.headers()).containsEntry(DeadLetterFields.REASON, "decode");
			await().atMost(Duration.ofSeconds(5)).until(() -> redis.taken(messages).isEmpty());
		});
	}

	@Test
	void listOnASubscriberFailsAtStartupNamingTheListener() {
		MessagingContextRunners.standalone()
			.withUserConfiguration(SubscriberWithList.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ListenerConfigurationException.class)
				.hasMessageContaining("@RedisSubscriber 'listSubscriber' (bean 'listSubscriber', method "
						+ "ListSubscriber.on(List))")
				.hasMessageContaining("takes a List, which makes it a batch listener, but @RedisSubscriber delivers "
						+ "one message per call: take the element type, or an array such as Order[]"));
	}

	@Test
	void batchListenerWithAnotherParameterFailsAtStartup() {
		MessagingContextRunners.standalone()
			.withUserConfiguration(BatchWithHeader.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ListenerConfigurationException.class)
				.hasMessageContaining("'batchWithHeader'")
				.hasMessageContaining("is a batch listener (its payload parameter is a List) and has 2 parameters"));
	}

	@Configuration(proxyBeanMethods = false)
	static class BatchListeners extends StreamTestListeners.Common {

		@Bean
		BatchListener batchListener(Processed processed, Processed attempts) {
			return new BatchListener(processed, attempts);
		}

	}

	static class BatchListener {

		final AtomicInteger largestBatch = new AtomicInteger();

		final AtomicInteger largestStreamBatch = new AtomicInteger();

		final Processed failOnce = new Processed();

		final Set<String> firstCall = ConcurrentHashMap.newKeySet();

		final Map<String, String> headerIds = new ConcurrentHashMap<>();

		private final Processed processed;

		private final Processed attempts;

		BatchListener(Processed processed, Processed attempts) {
			this.processed = processed;
			this.attempts = attempts;
		}

		@QueueListener(id = "batchQueue", queue = "${test.queue}", batchSize = "50", concurrency = "2")
		void onOrders(List<Order> orders) {
			handle(orders, this.largestBatch);
		}

		@StreamListener(id = "batchStream", stream = "${test.stream}", group = "g", start = "earliest",
				concurrency = "2")
		void onStreamOrders(List<Order> orders) {
			handle(orders, this.largestStreamBatch);
		}

		/**
		 * Handles the orders in turn and names the first poison order as the failed one.
		 */
		private void handle(List<Order> orders, AtomicInteger largest) {
			largest.accumulateAndGet(orders.size(), Math::max);
			for (int i = 0; i < orders.size(); i++) {
				Order order = orders.get(i);
				this.attempts.record(order.id(), order.id());
				if (order.id().startsWith("poison")) {
					throw new BatchListenerFailedException("order " + i + " failed",
							new IllegalStateException("cannot handle " + order.id()), i);
				}
				this.processed.record(order.id(), order.id());
			}
		}

		@QueueListener(id = "batchOnce", queue = "${test.queue}.once")
		void failFirstCall(List<Order> orders) {
			orders.forEach((order) -> this.failOnce.record(order.id(), order.id()));
			if (this.firstCall.isEmpty()) {
				orders.forEach((order) -> this.firstCall.add(order.id()));
				throw new IllegalStateException("the first call fails");
			}
		}

		@QueueListener(id = "batchMessages", queue = "${test.queue}.messages")
		void onMessages(List<Message<Order>> messages) {
			messages.forEach((message) -> this.headerIds.put((String) message.getHeaders().get(RedisHeaders.ID),
					message.getPayload().id()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SubscriberWithList {

		@Bean
		ListSubscriber listSubscriber() {
			return new ListSubscriber();
		}

	}

	static class ListSubscriber {

		@RedisSubscriber(id = "listSubscriber", channels = "orders")
		void on(List<Order> orders) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BatchWithHeader {

		@Bean
		HeaderBatch batchWithHeader() {
			return new HeaderBatch();
		}

	}

	static class HeaderBatch {

		@QueueListener(id = "batchWithHeader", queue = "never")
		void on(List<Order> orders, @Header(RedisHeaders.ID) String id) {
		}

	}

}

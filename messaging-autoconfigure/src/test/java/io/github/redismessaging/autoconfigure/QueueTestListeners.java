package io.github.redismessaging.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Behaviour;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Order;
import io.github.redismessaging.autoconfigure.StreamTestListeners.Processed;
import io.github.redismessaging.listener.RedisHeaders;

/**
 * Queue listeners for the integration tests, steered by {@code test.queue} / {@code test.queues} and a
 * {@link Behaviour}.
 */
final class QueueTestListeners {

	private QueueTestListeners() {
	}

	/**
	 * Payloads in the order the listener received them, with the time of each attempt.
	 */
	static final class Timeline {

		final List<String> payloads = new CopyOnWriteArrayList<>();

		final List<Long> attemptNanos = new CopyOnWriteArrayList<>();

	}

	@Configuration(proxyBeanMethods = false)
	static class Text extends StreamTestListeners.Common {

		@Bean
		Timeline timeline() {
			return new Timeline();
		}

		@Bean
		TextQueueListener textQueueListener(Processed processed, Processed attempts, Behaviour behaviour,
				Timeline timeline) {
			return new TextQueueListener(processed, attempts, behaviour, timeline);
		}

	}

	static class TextQueueListener {

		private final Processed processed;

		private final Processed attempts;

		private final Behaviour behaviour;

		private final Timeline timeline;

		TextQueueListener(Processed processed, Processed attempts, Behaviour behaviour, Timeline timeline) {
			this.processed = processed;
			this.attempts = attempts;
			this.behaviour = behaviour;
			this.timeline = timeline;
		}

		@QueueListener(id = "jobs", queues = "${test.queues}")
		void on(String payload, @Header(RedisHeaders.ID) String id) throws InterruptedException {
			this.attempts.record(id, payload);
			this.timeline.attemptNanos.add(System.nanoTime());
			this.behaviour.apply(payload);
			this.timeline.payloads.add(payload);
			this.processed.record(id, payload);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Typed extends StreamTestListeners.Common {

		@Bean
		TypedQueueListener typedQueueListener(Processed processed) {
			return new TypedQueueListener(processed);
		}

	}

	static class TypedQueueListener {

		private final Processed processed;

		TypedQueueListener(Processed processed) {
			this.processed = processed;
		}

		@QueueListener(id = "orders", queue = "${test.queue}")
		void on(Order order, @Header(RedisHeaders.ID) String id) {
			this.processed.record(id, order.id());
		}

	}

}

package io.github.redismessaging.console;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.StreamListener;

/**
 * A sample-like application for the console tests: a stream listener that dead-letters payloads starting with
 * {@code poison} at once (while {@link #poisonFails} holds; {@code application.properties} makes the exception not
 * retryable), a queue listener, and a stream listener in 3 partitions that holds payloads starting with
 * {@code block} until {@link #release} (of a stream named {@code test.parts}, or a fresh one).
 */
@SpringBootApplication
public class ConsoleTestApplication {

	final Set<String> processed = ConcurrentHashMap.newKeySet();

	volatile boolean poisonFails = true;

	final CountDownLatch release = new CountDownLatch(1);

	@StreamListener(id = "orders", stream = "${test.stream}", group = "billing")
	void order(String payload) {
		if (this.poisonFails && payload.startsWith("poison")) {
			throw new IllegalArgumentException("cannot bill " + payload);
		}
		this.processed.add(payload);
	}

	@QueueListener(id = "jobs", queue = "${test.queue}")
	void job(String payload) {
		this.processed.add(payload);
	}

	@StreamListener(id = "parts", stream = "${test.parts:console.parts.${random.uuid}}", group = "billing",
			partitions = "3")
	void part(String payload) throws InterruptedException {
		if (payload.startsWith("block")) {
			this.release.await(30, TimeUnit.SECONDS);
		}
		this.processed.add(payload);
	}

}

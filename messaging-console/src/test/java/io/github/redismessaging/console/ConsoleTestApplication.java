package io.github.redismessaging.console;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.StreamListener;

/**
 * A sample-like application for the console tests: a stream listener that dead-letters payloads starting with
 * {@code poison} at once (while {@link #poisonFails} holds; {@code application.properties} makes the exception not
 * retryable), and a queue listener.
 */
@SpringBootApplication
public class ConsoleTestApplication {

	final Set<String> processed = ConcurrentHashMap.newKeySet();

	volatile boolean poisonFails = true;

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

}

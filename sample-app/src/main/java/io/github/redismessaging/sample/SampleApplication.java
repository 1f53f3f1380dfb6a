package io.github.redismessaging.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An order-processing demo of redis-messaging that uses all three listener kinds the way a real service would.
 * <ol>
 * <li>{@code POST /orders} appends the order to the stream {@code orders}.</li>
 * <li>{@link Billing} consumes it in the consumer group {@code billing}; an order that keeps failing ends in the
 * dead-letter stream {@code {orders}:dlq}, from where it can be replayed.</li>
 * <li>Billing enqueues an e-mail job on the queue {@code emails}, consumed by {@link EmailSender} with retries.</li>
 * <li>Billing broadcasts the order status on the sharded channel {@code order-status} and an audit event on
 * {@code audit.billing}, received by {@link OrderStatusListener} and by the pattern subscriber
 * {@link AuditListener}.</li>
 * <li>{@code GET /orders/{id}} shows what happened to an order.</li>
 * </ol>
 * When no Redis is configured, it starts a real Redis 7 cluster for itself ({@link EmbeddedRedisStarter}), so it
 * runs with nothing but a JDK.
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Starts the demo.
	 * @param args command line arguments
	 */
	public static void main(String[] args) {
		create().run(args);
	}

	/**
	 * Returns the application with its embedded-Redis support, for {@link #main} and for tests that need the same
	 * startup path.
	 * @return a new, not yet started application
	 */
	static SpringApplication create() {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// Without it, a test that calls create() would log "Started ForkedBooter".
		application.setMainApplicationClass(SampleApplication.class);
		// Registered here rather than in spring.factories: it must see the environment before any bean exists,
		// and only this application wants it.
		application.addListeners(new EmbeddedRedisStarter(), new TryItInstructions());
		return application;
	}

}

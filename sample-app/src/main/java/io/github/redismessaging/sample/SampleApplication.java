package io.github.redismessaging.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A demo of redis-messaging: price ticks published every second and received by subscribers.
 * <p>
 * When no Redis is configured ({@code spring.data.redis.host} or {@code spring.data.redis.cluster.nodes}), it
 * starts a real Redis 7 server for itself, so it runs with nothing but a JDK.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

	/**
	 * Starts the demo.
	 * @param args command line arguments
	 */
	public static void main(String[] args) {
		create().run(args);
	}

	static SpringApplication create() {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addListeners(new EmbeddedRedisStarter());
		return application;
	}

}

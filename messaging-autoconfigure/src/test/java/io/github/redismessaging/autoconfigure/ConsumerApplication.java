package io.github.redismessaging.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/**
 * The side of a consumer application ({@link CrashConsumer}, {@link PartitionConsumer}) that a crash test runs as a
 * {@link ConsumerJvm}: a minimal Spring Boot application (no web, no banner) that prints a ready line, followed by
 * its pid, once its context has started; and the default settings such applications share.
 */
final class ConsumerApplication {

	private ConsumerApplication() {
	}

	/**
	 * Runs the application, then prints the ready line followed by the pid.
	 * @param source the application's configuration class
	 * @param defaults its default properties; the arguments override them
	 * @param ready the ready line
	 * @param args the arguments of {@code main}
	 */
	static void run(Class<?> source, Map<String, Object> defaults, String ready, String[] args) {
		SpringApplication application = new SpringApplication(source);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setDefaultProperties(defaults);
		application.run(args);
		System.out.println(ready + " " + ProcessHandle.current().pid());
	}

	/**
	 * The default properties every consumer application starts from: a 2 s Redis command timeout, a context that
	 * keeps the JVM alive, and no simulated work.
	 * @param workMillis the property of the simulated work per message, in milliseconds
	 * @return a mutable map, in insertion order
	 */
	static Map<String, Object> defaults(String workMillis) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.data.redis.timeout", "2s");
		// the listener threads are daemon threads: without this, the JVM would exit when main returns
		defaults.put("spring.main.keep-alive", "true");
		defaults.put(workMillis, "0");
		return defaults;
	}

	/**
	 * The prefix of a listener's properties.
	 * @param id the listener's id
	 * @return {@code redis.messaging.listeners.<id>.}
	 */
	static String listener(String id) {
		return "redis.messaging.listeners." + id + ".";
	}

	/**
	 * Adds the defaults of a stream listener: its consumer name and its pending recovery.
	 * @param defaults the application's defaults
	 * @param id the listener's id
	 * @param consumer the consumer name
	 * @param claimMinIdle how long an entry is pending before it is claimed
	 * @param claimInterval how often pending entries are claimed
	 * @param maxDeliveries the deliveries before an entry is dead-lettered
	 * @return the prefix of the listener's properties, for more of them
	 */
	static String streamListener(Map<String, Object> defaults, String id, String consumer, String claimMinIdle,
			String claimInterval, int maxDeliveries) {
		String listener = listener(id);
		defaults.put(listener + "consumer", consumer);
		defaults.put(listener + "claim-min-idle", claimMinIdle);
		defaults.put(listener + "claim-interval", claimInterval);
		defaults.put(listener + "max-deliveries", Integer.toString(maxDeliveries));
		return listener;
	}

}

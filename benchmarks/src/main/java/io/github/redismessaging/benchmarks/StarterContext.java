package io.github.redismessaging.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.test.RedisTestProperties;

/**
 * One Spring Boot context with every starter listener, started once per benchmark. Stream and queue listeners are
 * paused except during their own runs, so that they take turns with the other contenders like everyone else.
 */
public final class StarterContext implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final RedisListenerRegistry registry;

	private final TallyBoard board;

	private StarterContext(ConfigurableApplicationContext context) {
		this.context = context;
		this.registry = context.getBean(RedisListenerRegistry.class);
		this.board = context.getBean(TallyBoard.class);
	}

	/**
	 * Starts the context against the benchmark's server and pauses the stream and queue listeners.
	 * @param redis the server
	 * @return the started context
	 */
	public static StarterContext start(Redis redis) {
		List<String> properties = new ArrayList<>(List.of(RedisTestProperties.of(redis.server())));
		// The issue asks for batchSize through the per-listener property; 100 is also the documented default.
		properties.add("redis.messaging.listeners.stream-c1.batch-size=100");
		properties.add("redis.messaging.listeners.stream-c4.batch-size=100");
		// A short block only makes pausing between turns quick; with a backlog a read never blocks.
		properties.add("redis.messaging.stream.defaults.block=200ms");
		properties.add("redis.messaging.queue.defaults.block=200ms");
		properties.add("logging.level.root=WARN");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StarterApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(org.springframework.boot.Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.run();
		StarterContext starter = new StarterContext(context);
		for (MessageListenerContainer container : starter.registry.containers()) {
			if (!"pubsub".equals(container.id())) {
				container.pause();
			}
		}
		return starter;
	}

	/**
	 * Returns a listener's container.
	 * @param id the listener id
	 * @return its container
	 */
	public MessageListenerContainer container(String id) {
		return this.registry.container(id).orElseThrow(() -> new IllegalStateException("no listener " + id));
	}

	/** @return the board the listener methods record on */
	public TallyBoard board() {
		return this.board;
	}

	@Override
	public void close() {
		this.context.close();
	}

}

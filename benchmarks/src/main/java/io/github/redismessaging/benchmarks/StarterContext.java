package io.github.redismessaging.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.redismessaging.keys.KeyNames;
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

	private final KeyNames keyNames;

	private StarterContext(ConfigurableApplicationContext context) {
		this.context = context;
		this.registry = context.getBean(RedisListenerRegistry.class);
		this.board = context.getBean(TallyBoard.class);
		this.keyNames = context.getBean(KeyNames.class);
	}

	/**
	 * Starts the context against the benchmark's server and pauses the stream and queue listeners.
	 * @param redis the server
	 * @return the started context
	 */
	public static StarterContext start(Redis redis) {
		// The issue asks for batchSize through the per-listener property; 100 is also the documented default.
		return start(redis, StarterApplication.class, "redis.messaging.listeners.stream-c1.batch-size=100",
				"redis.messaging.listeners.stream-c4.batch-size=100");
	}

	/**
	 * Starts the context of {@link InstrumentedApplication}: its stream listener with a meter registry and, with
	 * {@code observations}, each message timed by its observation instead of the plain timer.
	 * @param redis the server
	 * @param stream the listener's stream
	 * @param observations whether observations are on ({@code redis.messaging.observation-enabled})
	 * @return the started context, its listener paused
	 */
	public static StarterContext startInstrumented(Redis redis, String stream, boolean observations) {
		return start(redis, InstrumentedApplication.class, "bench.instrumented.stream=" + stream,
				"redis.messaging.observation-enabled=" + observations);
	}

	private static StarterContext start(Redis redis, Class<?> application, String... extraProperties) {
		List<String> properties = new ArrayList<>(List.of(RedisTestProperties.of(redis.server())));
		properties.addAll(List.of(extraProperties));
		// A short block only makes pausing between turns quick; with a backlog a read never blocks.
		properties.add("redis.messaging.stream.defaults.block=200ms");
		properties.add("redis.messaging.queue.defaults.block=200ms");
		properties.add("logging.level.root=WARN");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.web(WebApplicationType.NONE)
			.bannerMode(org.springframework.boot.Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.run();
		StarterContext starter = new StarterContext(context);
		for (MessageListenerContainer container : starter.registry.containers()) {
			if (!container.id().startsWith("pubsub")) {
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

	/**
	 * Returns every key this context's queue listeners keep for a queue.
	 * @param queue the queue name as in the annotation
	 * @return the keys, see {@link #queueKeys(KeyNames, String)}
	 */
	public String[] queueKeys(String queue) {
		return queueKeys(this.keyNames, queue);
	}

	/**
	 * Returns every key a queue listener keeps for a queue: the list and its companions under leases (DESIGN §4a).
	 * @param names how the starter names keys
	 * @param queue the queue name as in the annotation
	 * @return the list, {@code {q}:leased}, {@code {q}:leases}, {@code {q}:seq}, {@code {q}:expiries},
	 * {@code {q}:delayed} and {@code {q}:dlq}
	 */
	public static String[] queueKeys(KeyNames names, String queue) {
		return new String[] { names.key(queue), names.companion(queue, "leased"), names.companion(queue, "leases"),
				names.companion(queue, "seq"), names.companion(queue, "expiries"), names.companion(queue, "delayed"),
				names.deadLetter(queue) };
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

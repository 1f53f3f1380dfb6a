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
 * paused except during their own runs, so that they take turns with the other contenders like everyone else. The
 * partitioned stream's listener has a context of its own, on the cluster ({@link #startOnCluster}).
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
		return start(redis, InstrumentedApplication.class, "bench.listener.id=" + InstrumentedApplication.LISTENER_ID,
				"bench.listener.stream=" + stream, "redis.messaging.observation-enabled=" + observations);
	}

	/**
	 * Starts the context of {@link PartitionedApplication} against the cluster. Its listener is not paused: it is the
	 * only consumer of the cluster, and a partitioned listener takes no partitions while paused.
	 * @param cluster the cluster
	 * @return the started context; its listener takes its partitions in the background
	 */
	public static StarterContext startOnCluster(ClusterRedis cluster) {
		return launch(RedisTestProperties.of(cluster.cluster()), PartitionedApplication.class,
				"bench.listener.id=" + PartitionedApplication.LISTENER_ID,
				"bench.listener.stream=" + PartitionedApplication.STREAM,
				"bench.listener.partitions=" + PartitionedApplication.PARTITIONS);
	}

	private static StarterContext start(Redis redis, Class<?> application, String... extraProperties) {
		StarterContext starter = launch(RedisTestProperties.of(redis.server()), application, extraProperties);
		for (MessageListenerContainer container : starter.registry.containers()) {
			if (!container.id().startsWith("pubsub")) {
				container.pause();
			}
		}
		return starter;
	}

	private static StarterContext launch(String[] redis, Class<?> application, String... extraProperties) {
		List<String> properties = new ArrayList<>(List.of(redis));
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
		return new StarterContext(context);
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

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.Header;

import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.listener.RedisHeaders;

/**
 * The consumer of {@link PartitionedStreamClusterIT}: one {@code @StreamListener} on a partitioned stream of the
 * cluster, with {@code ordering = KEY}. {@link PartitionedStreamClusterIT} runs it as a separate JVM (a minimal
 * Spring Boot application, no web, no component scan), which it stops with SIGTERM, kills with SIGKILL and pauses
 * with SIGSTOP, or runs its {@link Beans} in contexts of its own JVM.
 * <p>
 * Every setting is a Spring property; pass them as {@code --name=value} arguments:
 * <ul>
 * <li>{@code spring.data.redis.cluster.nodes}: the cluster;</li>
 * <li>{@code part.run}: the hash tag of the bookkeeping keys ({@code {<run>}:...}, all in one slot so that one
 * script can check and record); {@code part.instance}: this instance's name, also its consumer name;</li>
 * <li>{@code part.stream}, {@code part.group}, {@code part.partitions}, {@code part.lease}: what to consume;</li>
 * <li>{@code part.work-millis}: simulated work per entry (default 0);</li>
 * <li>any {@code redis.messaging.listeners.partitioned.*} override of the {@link #defaults() defaults}.</li>
 * </ul>
 * Entries carry an {@link Item} as payload: an id that is unique across partitions and stable across redeliveries,
 * the record key (also in field {@code h.key}, which orders them), and the item's number within its key, from 1.
 * Handling one, the listener:
 * <ol>
 * <li>reads, in one script, the test's switches: {@code {<run>}:resumed} (set by the test right before it resumes
 * a paused instance), whether the item is in {@code {<run>}:stall}, and {@code {<run>}:hold:<instance>};</li>
 * <li>when {@code resumed} is set, records that it began handling an entry after the resume, before any other work:
 * {@code HSET {<run>}:handled-after:<instance> <partition>|<entry id>|<item id> <owner>}, where owner is what the
 * partition's lease key ({@code <partition>:owner:<group>}) held at that moment;</li>
 * <li>while its item is in the stall set, waits, having added it to {@code {<run>}:stalled:<instance>}; while the
 * hold of its instance is set, waits, having added it to {@code {<run>}:parked:<instance>} (the test holds every
 * worker of an instance inside the listener before it pauses the instance, so that no handling is between the
 * library's fence check and the step above when the process stops);</li>
 * <li>for an item whose key starts with {@code probe}: adds it to {@code {<run>}:probe-parked:<instance>}, waits
 * while {@code {<run>}:probe-gate} is set, and throws (the test's probe of a failing entry in hand when the instance
 * is paused);</li>
 * <li>throws for an item whose key starts with {@code poison}, before recording anything;</li>
 * <li>records the handling in one script: {@code HINCRBY {<run>}:processed <item id> 1},
 * {@code HINCRBY {<run>}:instances <instance> 1}, and checks the order against {@code {<run>}:last} (key → last
 * number recorded): the next number advances it; a number not above it is a redelivery
 * ({@code HINCRBY {<run>}:redeliveries <instance> 1}); a number beyond the next is a violation of the key order
 * ({@code HINCRBY {<run>}:violations <key> 1}, and it advances).</li>
 * </ol>
 * It talks to Redis through a cluster connection of its own whose command timeout (30 s) outlasts any pause of the
 * test: a recording sent just before a SIGSTOP is executed by Redis and must not time out in this client after
 * SIGCONT, which would make the test's listener, not the library, handle the entry again.
 * <p>
 * When the context has started, the process prints {@value #READY} followed by its pid.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
		RedisMessagingAutoConfiguration.class })
@Import(PartitionConsumer.Beans.class)
public class PartitionConsumer {

	static final String READY = "PARTITION-CONSUMER READY";

	static final String LISTENER = "partitioned";

	public static void main(String[] args) {
		ConsumerApplication.run(PartitionConsumer.class, defaults(), READY, args);
	}

	/**
	 * The settings {@link PartitionedStreamClusterIT} relies on; arguments override them.
	 * <ul>
	 * <li>A 3 s partition lease (rounds every second), so that a killed or paused instance's partitions move within
	 * seconds.</li>
	 * <li>Claimed after 2 s idle, every 500 ms; 20 deliveries, so that the faults of a test (each costs an entry in
	 * hand at most one delivery) never dead-letter a good entry; poison entries fail each delivery at once and are
	 * retried in process after 20 ms, so they are dead-lettered within half a second.</li>
	 * <li>Batches of 50, so that the two batches in hand of a partition are handled well within the 2 s after which
	 * pending recovery would deliver them again.</li>
	 * </ul>
	 */
	static Map<String, Object> defaults() {
		Map<String, Object> defaults = ConsumerApplication.defaults("part.work-millis");
		defaults.put("part.partitions", "12");
		defaults.put("part.lease", "3s");
		String listener = ConsumerApplication.streamListener(defaults, LISTENER, "${part.instance}", "2s", "500ms",
				20);
		defaults.put(listener + "batch-size", "50");
		defaults.put(listener + "backoff.delay", "20ms");
		defaults.put(listener + "backoff.multiplier", "1");
		return defaults;
	}

	/** {@link #defaults()} and the given settings as {@code key=value} pairs, for an in-JVM context. */
	static String[] properties(Map<String, String> settings) {
		Map<String, Object> all = new LinkedHashMap<>(defaults());
		all.remove("spring.main.keep-alive");
		all.putAll(settings);
		return all.entrySet().stream().map((entry) -> entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
	}

	/** The payload of every entry. */
	record Item(String id, String key, int seq) {

		String json() {
			return "{\"id\":\"" + this.id + "\",\"key\":\"" + this.key + "\",\"seq\":" + this.seq + "}";
		}

	}

	/** The beans: the recorder and the listener. */
	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean(destroyMethod = "close")
		Recorder partitionRecorder(@Value("${spring.data.redis.cluster.nodes}") String nodes,
				@Value("${part.run}") String run, @Value("${part.instance}") String instance,
				@Value("${part.group}") String group, @Value("${part.work-millis}") long workMillis) {
			return new Recorder(nodes, run, instance, group, workMillis);
		}

		@Bean
		Listener partitionListener(Recorder recorder) {
			return new Listener(recorder);
		}

	}

	static class Listener {

		private final Recorder recorder;

		Listener(Recorder recorder) {
			this.recorder = recorder;
		}

		@StreamListener(id = LISTENER, stream = "${part.stream}", group = "${part.group}",
				partitions = "${part.partitions}", partitionLease = "${part.lease}", ordering = "KEY",
				concurrency = "8", start = "earliest")
		void onEntry(Item item, @Header(RedisHeaders.STREAM) String partition, @Header(RedisHeaders.ID) String entryId)
				throws InterruptedException {
			this.recorder.handle(item, partition, entryId);
		}

	}

	/** Records handlings in Redis, see the class description. */
	static final class Recorder implements AutoCloseable {

		/** KEYS: resumed, stall, hold. ARGV: item id. Returns {resumed, stalled, held} as 0 or 1. */
		private static final String SWITCHES = """
				return { redis.call('EXISTS', KEYS[1]), redis.call('SISMEMBER', KEYS[2], ARGV[1]),
				  redis.call('EXISTS', KEYS[3]) }
				""";

		/**
		 * KEYS: last, processed, instances, redeliveries, violations. ARGV: key, seq, item id, instance. Returns 0
		 * in order, 1 for a redelivery, 2 for a violation.
		 */
		private static final String RECORD = """
				redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
				redis.call('HINCRBY', KEYS[3], ARGV[4], 1)
				local last = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
				local seq = tonumber(ARGV[2])
				if seq == last + 1 then
				  redis.call('HSET', KEYS[1], ARGV[1], seq)
				  return 0
				end
				if seq <= last then
				  redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
				  return 1
				end
				redis.call('HINCRBY', KEYS[5], ARGV[1], 1)
				redis.call('HSET', KEYS[1], ARGV[1], seq)
				return 2
				""";

		/** How often a held or stalled handling looks whether it may go on: a simulated stuck handling. */
		private static final long GATE_POLL_MILLIS = 20;

		private final RedisClusterClient client;

		private final StatefulRedisClusterConnection<String, String> connection;

		private final String tag;

		private final String instance;

		private final String group;

		private final long workMillis;

		Recorder(String nodes, String run, String instance, String group, long workMillis) {
			List<RedisURI> uris = Arrays.stream(nodes.split(",")).map(String::trim).map((node) -> {
				int colon = node.lastIndexOf(':');
				return RedisURI.builder()
					.withHost(node.substring(0, colon))
					.withPort(Integer.parseInt(node.substring(colon + 1)))
					.withTimeout(Duration.ofSeconds(30))
					.build();
			}).toList();
			this.client = RedisClusterClient.create(uris);
			this.client.setOptions(ClusterClientOptions.builder()
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.enableAllAdaptiveRefreshTriggers()
					.enablePeriodicRefresh(Duration.ofSeconds(2))
					.build())
				.build());
			this.connection = this.client.connect();
			this.tag = "{" + run + "}:";
			this.instance = instance;
			this.group = group;
			this.workMillis = workMillis;
		}

		void handle(Item item, String partition, String entryId) throws InterruptedException {
			RedisAdvancedClusterCommands<String, String> commands = this.connection.sync();
			List<Long> switches = commands.eval(SWITCHES, ScriptOutputType.MULTI,
					new String[] { this.tag + "resumed", this.tag + "stall", this.tag + "hold:" + this.instance },
					item.id());
			if (switches.get(0) == 1) {
				String owner = commands.get(partition + ":owner:" + this.group);
				commands.hset(this.tag + "handled-after:" + this.instance, partition + "|" + entryId + "|" + item.id(),
						(owner != null) ? owner : "");
			}
			if (switches.get(1) == 1) {
				commands.sadd(this.tag + "stalled:" + this.instance, item.id());
				while (commands.sismember(this.tag + "stall", item.id())) {
					Thread.sleep(GATE_POLL_MILLIS);
				}
			}
			if (switches.get(2) == 1) {
				commands.sadd(this.tag + "parked:" + this.instance, item.id());
				while (commands.exists(this.tag + "hold:" + this.instance) > 0) {
					Thread.sleep(GATE_POLL_MILLIS);
				}
			}
			if (item.key().startsWith("probe")) {
				commands.sadd(this.tag + "probe-parked:" + this.instance, item.id());
				while (commands.exists(this.tag + "probe-gate") > 0) {
					Thread.sleep(GATE_POLL_MILLIS);
				}
				throw new IllegalStateException("probe " + item.id() + " fails");
			}
			if (item.key().startsWith("poison")) {
				throw new IllegalStateException("cannot handle " + item.id());
			}
			if (this.workMillis > 0) {
				// simulated work, so that entries stay in hand a while; not synchronisation
				Thread.sleep(this.workMillis);
			}
			commands.eval(RECORD, ScriptOutputType.INTEGER,
					new String[] { this.tag + "last", this.tag + "processed", this.tag + "instances",
							this.tag + "redeliveries", this.tag + "violations" },
					item.key(), Integer.toString(item.seq()), item.id(), this.instance);
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown();
		}

	}

}

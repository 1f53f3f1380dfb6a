package io.github.redismessaging.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static io.github.redismessaging.benchmarks.Names.*;

/**
 * Starts one {@code redis-server}, builds every contender once, and runs the scenarios: raw command rates, streams,
 * queues, pub/sub, latency, memory. Everything runs against the same server, one contender at a time, except the
 * partitioned stream, which runs on a cluster of its own once the server's contenders are closed.
 */
public final class BenchmarkHarness {

	private final BenchmarkConfig config;

	private final Consumer<String> log;

	/**
	 * Creates the harness.
	 * @param config sizes
	 * @param log progress output
	 */
	public BenchmarkHarness(BenchmarkConfig config, Consumer<String> log) {
		this.config = config;
		this.log = log;
	}

	/**
	 * Runs every scenario.
	 * @return the measurements and the evaluated targets
	 */
	public BenchmarkReport run() {
		long started = System.nanoTime();
		List<AutoCloseable> resources = new ArrayList<>();
		try (Redis redis = Redis.start(); Producer producer = new Producer(redis);
				ProducerProcess remote = ProducerProcess.start(redis)) {
			this.log.accept("redis-server " + redis.server().uri() + "; starting the starter's context and peers");
			StarterContext starter = track(resources, StarterContext.start(redis));
			LettuceConnectionFactory sdr = sdrFactory(redis);
			resources.add(sdr::destroy);
			RedissonContenders redisson = track(resources, new RedissonContenders(redis));

			// The instrumented listeners run in contexts of their own: a meter registry, and observations or not.
			StarterContext meters = track(resources,
					StarterContext.startInstrumented(redis, InstrumentedApplication.STREAM_METERS, false));
			StarterContext observed = track(resources,
					StarterContext.startInstrumented(redis, InstrumentedApplication.STREAM_OBSERVED, true));
			List<Contender> streams = track(resources, List.of(
					new StarterContender(STREAM_STARTER_C1, "stream-c1", StarterListeners.STREAM_C1, redis, starter),
					new StarterContender(STREAM_STARTER_C4, "stream-c4", StarterListeners.STREAM_C4, redis, starter),
					new StarterContender(STREAM_STARTER_METERS, InstrumentedApplication.LISTENER_ID,
							InstrumentedApplication.STREAM_METERS, redis, meters),
					new StarterContender(STREAM_STARTER_OBSERVED, InstrumentedApplication.LISTENER_ID,
							InstrumentedApplication.STREAM_OBSERVED, redis, observed),
					new LettuceStreamLoop(STREAM_LOOP, "bench:lettuce:stream", redis, false),
					new LettuceStreamLoop(STREAM_LOOP_ASYNC, "bench:lettuce:stream:async", redis, true),
					new SdrStreamContender(STREAM_SDR_ACK, "bench:sdr:stream:ack", redis, sdr, false),
					new SdrStreamContender(STREAM_SDR_AUTOACK, "bench:sdr:stream:autoack", redis, sdr, true),
					redisson.stream(STREAM_REDISSON, "bench:redisson:stream")));
			List<Contender> queues = track(resources, List.of(
					new StarterContender(QUEUE_ALO_C1, "queue-alo-c1", StarterListeners.QUEUE_ALO_C1, redis, starter),
					new StarterContender(QUEUE_ALO_C4, "queue-alo-c4", StarterListeners.QUEUE_ALO_C4, redis, starter),
					new StarterContender(QUEUE_AMO_C1, "queue-amo-c1", StarterListeners.QUEUE_AMO_C1, redis, starter),
					new StarterContender(QUEUE_AMO_C4, "queue-amo-c4", StarterListeners.QUEUE_AMO_C4, redis, starter),
					new LettuceQueueLoop(QUEUE_BRPOP, "bench:lettuce:brpop", redis, LettuceQueueLoop.Style.BRPOP),
					new LettuceQueueLoop(QUEUE_BLMOVE, "bench:lettuce:blmove", redis, LettuceQueueLoop.Style.BLMOVE_LREM),
					new LettuceQueueLoop(QUEUE_REFERENCE, "bench:lettuce:rpop", redis, LettuceQueueLoop.Style.RPOP_COUNT),
					redisson.queue(QUEUE_REDISSON, "bench:redisson:queue")));
			List<Contender> pubsub = track(resources, List.of(
					new StarterContender(PUBSUB_STARTER, "pubsub", StarterListeners.CHANNEL, redis, starter),
					new StarterContender(PUBSUB_STARTER_EVENT_LOOP, "pubsub-event-loop",
							StarterListeners.CHANNEL_EVENT_LOOP, redis, starter),
					PubSubContenders.lettuce(PUBSUB_LETTUCE, "bench:lettuce:pubsub", redis),
					PubSubContenders.springDataRedis(PUBSUB_SDR, "bench:sdr:pubsub", redis, sdr),
					redisson.topic(PUBSUB_REDISSON, "bench:redisson:pubsub")));

			List<RawRateRow> raw = List.of();
			if (this.config.runs("raw")) {
				Optional<RawCommandRates> rates = RawCommandRates.find(redis);
				if (rates.isPresent()) {
					raw = rates.get().run(this.config.rawRequests(), this.log);
				}
				else {
					this.log.accept("  raw      redis-benchmark not found (REDIS_BENCHMARK or PATH): raw rates skipped");
				}
			}

			List<ThroughputRow> throughput = new ArrayList<>();
			if (this.config.runs("streams")) {
				throughput.addAll(new ThroughputScenario(STREAMS, ThroughputScenario.Mode.DRAIN, producer::fillStream,
						streams, redis).run(this.config.streamMessages(), this.config.warmups(), this.config.runs(), this.log));
			}
			if (this.config.runs("streams-e2e")) {
				throughput.addAll(new ThroughputScenario(STREAMS_END_TO_END, ThroughputScenario.Mode.PUBLISH,
						remote::fillStream, streams, redis)
					.run(this.config.streamMessages(), this.config.warmups(), this.config.runs(), this.log));
			}
			if (this.config.runs("queues")) {
				throughput.addAll(new ThroughputScenario(QUEUES, ThroughputScenario.Mode.DRAIN, producer::fillQueue,
						queues, redis).run(this.config.queueMessages(), this.config.warmups(), this.config.runs(), this.log));
			}
			if (this.config.runs("pubsub")) {
				throughput.addAll(new ThroughputScenario(PUBSUB, ThroughputScenario.Mode.PUBLISH, remote::publish,
						pubsub, redis).run(this.config.pubsubMessages(), this.config.warmups(), this.config.runs(), this.log));
			}

			List<LatencyRow> latency = !this.config.runs("latency") ? List.of() : new LatencyScenario(producer)
				.add("@StreamListener AUTO, concurrency 1", Producer.Kind.STREAM, streams.get(0))
				.add("@QueueListener AT_LEAST_ONCE, concurrency 1", Producer.Kind.QUEUE, queues.get(0))
				.add("@RedisSubscriber", Producer.Kind.PUBSUB, pubsub.get(0))
				.run(this.config.latencyMessages(), this.config.latencyRate(), this.log);

			// The memory probes and the partitioned stream start their own contexts: free this JVM's first.
			closeAll(resources);
			List<PartitionedRow> partitioned = this.config.runs("partitioned") ? List.of(partitioned()) : List.of();
			List<MemoryRow> memory = (this.config.memoryEntries() > 0 && this.config.runs("memory"))
					? new MemoryScenario(redis, producer, this.config.forkMemoryProbe(), this.config.memoryXmx())
						.run(this.config.memoryEntries(), this.log)
					: List.of();

			BenchmarkReport partial = new BenchmarkReport(this.config, throughput, latency, memory, raw, partitioned,
					List.of(), 0);
			return new BenchmarkReport(this.config, throughput, latency, memory, raw, partitioned,
					Target.evaluate(partial), (System.nanoTime() - started) / 1e9);
		}
		finally {
			closeAll(resources);
		}
	}

	/**
	 * Runs the partitioned stream: starts the cluster, a producer JVM and the listener's context for it, and closes
	 * them afterwards.
	 */
	private PartitionedRow partitioned() {
		long started = System.nanoTime();
		PartitionedRow row;
		try (ClusterRedis cluster = ClusterRedis.start(); ProducerProcess producer = ProducerProcess.start(cluster);
				StarterContext starter = StarterContext.startOnCluster(cluster)) {
			this.log.accept("redis cluster " + cluster.cluster().nodeAddresses() + " started in "
					+ (System.nanoTime() - started) / 1_000_000 + " ms with its producer and listener");
			row = new PartitionedScenario(cluster, producer, starter).run(this.config.partitionedMessages(),
					this.config.partitionedWarmups(), this.config.runs(), this.log);
		}
		this.log.accept("  partitioned: " + (System.nanoTime() - started) / 1_000_000 + " ms in all, start and close "
				+ "included");
		return row;
	}

	private static LettuceConnectionFactory sdrFactory(Redis redis) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.server().host(), redis.server().port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static <T extends AutoCloseable> T track(List<AutoCloseable> resources, T resource) {
		resources.add(resource);
		return resource;
	}

	private static List<Contender> track(List<AutoCloseable> resources, List<Contender> contenders) {
		resources.addAll(contenders);
		return contenders;
	}

	private static void closeAll(List<AutoCloseable> resources) {
		// Contenders first, then the clients and contexts they use: the reverse of creation.
		for (int i = resources.size() - 1; i >= 0; i--) {
			try {
				resources.get(i).close();
			}
			catch (Exception ex) {
				// closing is best effort: a failing close must not hide the results
			}
		}
		resources.clear();
	}

}

package io.github.redismessaging.benchmarks;

import java.util.List;

/** Scenario and contender names, shared by the harness, the targets and the smoke test. */
public final class Names {

	/** Stream scenario. */
	/** Contender name, as printed. */
	public static final String STREAMS = "streams";

	/** Stream scenario with the producer appending while the contender consumes. */
	public static final String STREAMS_END_TO_END = "streams, end to end";

	/** Queue scenario. */
	/** Contender name, as printed. */
	public static final String QUEUES = "queues";

	/** Pub/sub scenario. */
	/** Contender name, as printed. */
	public static final String PUBSUB = "pub/sub";

	/** Partitioned stream on the cluster, end to end. */
	public static final String PARTITIONED = "partitioned stream, cluster, end to end";

	/** Contender name, as printed. */
	public static final String STREAM_STARTER_C1 = "@StreamListener AUTO, concurrency 1";

	/** Contender name, as printed. */
	public static final String STREAM_STARTER_C4 = "@StreamListener AUTO, concurrency 4";

	/** Contender name, as printed: the same listener with a meter registry, observations off. */
	public static final String STREAM_STARTER_METERS = "@StreamListener AUTO, concurrency 1, with meters";

	/** Contender name, as printed: the same listener with meters and observations recorded as timers. */
	public static final String STREAM_STARTER_OBSERVED =
			"@StreamListener AUTO, concurrency 1, with meters + observations";

	/** Contender name, as printed: the listener of {@link PartitionedApplication}. */
	public static final String PARTITIONED_STARTER = "@StreamListener partitions 12, concurrency 1";

	/** Contender name, as printed. */
	public static final String STREAM_LOOP = "Lettuce loop XREADGROUP + sync XACK (hand-written)";

	/** Contender name, as printed: the same loop, with the XACK not awaited (the next read queues behind it). */
	public static final String STREAM_LOOP_ASYNC = "Lettuce loop XREADGROUP + async XACK (hand-written)";

	/** Contender name, as printed. */
	public static final String STREAM_SDR_ACK = "SDR container receive + acknowledge";

	/** Contender name, as printed. */
	public static final String STREAM_SDR_AUTOACK = "SDR container receiveAutoAck";

	/** Contender name, as printed. */
	public static final String STREAM_REDISSON = "Redisson RStream.readGroup + ack";

	/** Contender name, as printed. */
	public static final String QUEUE_ALO_C1 = "@QueueListener AT_LEAST_ONCE, concurrency 1";

	/** Contender name, as printed. */
	public static final String QUEUE_ALO_C4 = "@QueueListener AT_LEAST_ONCE, concurrency 4";

	/** Contender name, as printed. */
	public static final String QUEUE_AMO_C1 = "@QueueListener AT_MOST_ONCE, concurrency 1";

	/** Contender name, as printed. */
	public static final String QUEUE_AMO_C4 = "@QueueListener AT_MOST_ONCE, concurrency 4";

	/** Contender name, as printed. */
	public static final String QUEUE_BRPOP = "Lettuce loop BRPOP (hand-written)";

	/** Contender name, as printed. */
	public static final String QUEUE_BLMOVE = "Lettuce loop BLMOVE+LREM (hand-written)";

	/** Contender name, as printed. */
	public static final String QUEUE_REFERENCE = "Lettuce RPOP COUNT 100 (physical ref.)";

	/** Contender name, as printed. */
	public static final String QUEUE_REDISSON = "Redisson RBlockingQueue.take";

	/** Contender name, as printed. */
	public static final String PUBSUB_STARTER = "@RedisSubscriber";

	/** Contender name, as printed. */
	public static final String PUBSUB_STARTER_EVENT_LOOP = "@RedisSubscriber dispatch EVENT_LOOP";

	/** Contender name, as printed. */
	public static final String PUBSUB_LETTUCE = "Lettuce pub/sub listener (hand-written)";

	/** Contender name, as printed. */
	public static final String PUBSUB_SDR = "SDR RedisMessageListenerContainer (default executor)";

	/** Contender name, as printed. */
	public static final String PUBSUB_REDISSON = "Redisson RTopic";

	private Names() {
	}

	/**
	 * Returns the contenders a scenario's ratios may be relative to: its hand-written Lettuce loops, of which the
	 * faster one in a run is the baseline.
	 * @param scenario the scenario
	 * @return the contender names
	 */
	public static List<String> baselines(String scenario) {
		return switch (scenario) {
			case STREAMS, STREAMS_END_TO_END -> List.of(STREAM_LOOP, STREAM_LOOP_ASYNC);
			case QUEUES -> List.of(QUEUE_BRPOP);
			default -> List.of(PUBSUB_LETTUCE);
		};
	}

}

package io.github.redismessaging.benchmarks;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.annotation.StreamListener;

/**
 * The starter's contenders: one annotated method per listener, each doing exactly what the hand-written loops do
 * with a message ({@link Tally#record}). The payload parameter is a {@code String}, so no JSON decoding is measured.
 */
public class StarterListeners {

	/** Stream consumed by {@code @StreamListener} with one worker. */
	public static final String STREAM_C1 = "bench:starter:stream:c1";

	/** Stream consumed by {@code @StreamListener} with four workers. */
	public static final String STREAM_C4 = "bench:starter:stream:c4";

	/** Queue of the at-least-once listener with one worker. */
	public static final String QUEUE_ALO_C1 = "bench:starter:queue:alo1";

	/** Queue of the at-least-once listener with four workers. */
	public static final String QUEUE_ALO_C4 = "bench:starter:queue:alo4";

	/** Queue of the at-most-once listener with one worker. */
	public static final String QUEUE_AMO_C1 = "bench:starter:queue:amo1";

	/** Queue of the at-most-once listener with four workers. */
	public static final String QUEUE_AMO_C4 = "bench:starter:queue:amo4";

	/** Channel of the subscriber. */
	public static final String CHANNEL = "bench:starter:pubsub";

	/** Channel of the subscriber that runs on the event loop. */
	public static final String CHANNEL_EVENT_LOOP = "bench:starter:pubsub:event-loop";

	/** Consumer group of both stream listeners. */
	public static final String GROUP = "bench";

	private final TallyBoard board;

	/**
	 * Creates the listeners.
	 * @param board where they record
	 */
	public StarterListeners(TallyBoard board) {
		this.board = board;
	}

	@StreamListener(id = "stream-c1", stream = STREAM_C1, group = GROUP, concurrency = "1", start = "earliest")
	void streamC1(String payload) {
		this.board.record("stream-c1", payload);
	}

	@StreamListener(id = "stream-c4", stream = STREAM_C4, group = GROUP, concurrency = "4", start = "earliest")
	void streamC4(String payload) {
		this.board.record("stream-c4", payload);
	}

	@QueueListener(id = "queue-alo-c1", queue = QUEUE_ALO_C1, mode = "AT_LEAST_ONCE", concurrency = "1")
	void queueAloC1(String payload) {
		this.board.record("queue-alo-c1", payload);
	}

	@QueueListener(id = "queue-alo-c4", queue = QUEUE_ALO_C4, mode = "AT_LEAST_ONCE", concurrency = "4")
	void queueAloC4(String payload) {
		this.board.record("queue-alo-c4", payload);
	}

	@QueueListener(id = "queue-amo-c1", queue = QUEUE_AMO_C1, mode = "AT_MOST_ONCE", concurrency = "1")
	void queueAmoC1(String payload) {
		this.board.record("queue-amo-c1", payload);
	}

	@QueueListener(id = "queue-amo-c4", queue = QUEUE_AMO_C4, mode = "AT_MOST_ONCE", concurrency = "4")
	void queueAmoC4(String payload) {
		this.board.record("queue-amo-c4", payload);
	}

	@RedisSubscriber(id = "pubsub", channels = CHANNEL)
	void pubsub(String payload) {
		this.board.record("pubsub", payload);
	}

	@RedisSubscriber(id = "pubsub-event-loop", channels = CHANNEL_EVENT_LOOP, dispatch = "EVENT_LOOP")
	void pubsubOnEventLoop(String payload) {
		this.board.record("pubsub-event-loop", payload);
	}

}

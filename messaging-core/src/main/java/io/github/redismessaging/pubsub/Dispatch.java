package io.github.redismessaging.pubsub;

/**
 * Where a {@code @RedisSubscriber} method runs.
 */
public enum Dispatch {

	/**
	 * On the listener's worker threads ({@code concurrency} of them), behind a bounded buffer: a slow method delays
	 * nothing else, and a full buffer drops messages and counts them in {@code redis.messaging.dropped}.
	 */
	WORKERS,

	/**
	 * On the Lettuce event loop that received the message, with no hand-off: the cheapest path, for methods that
	 * take microseconds and never block (no I/O, no locks, no waiting). The event loop is shared with other
	 * connections of the same client, which wait while the method runs; a method slower than the publishers makes
	 * Redis buffer the messages and, past its {@code client-output-buffer-limit} for pub/sub, close the
	 * subscription (it is reopened, and what was published meanwhile is lost). Takes no workers: concurrency must
	 * be 1, and the method must return {@code void}. Calls never overlap, as with one worker, also where several
	 * connections (the nodes of a cluster) deliver at once.
	 */
	EVENT_LOOP

}

package io.github.redismessaging.publish;

import java.time.Duration;

/**
 * How an item is enqueued: today, as a <b>unique job</b>. Immutable: each method returns a copy.
 * <p>
 * A unique job holds its key while it is queued, delayed (enqueued for later, or waiting for a retry) or leased by
 * a consumer: another enqueue with the same key into the same queue adds nothing and answers with the id of the job
 * that holds the key ({@link EnqueueResult#enqueued()} is {@code false}). The key is freed when the job is handled
 * successfully (or skipped by an error handler), when it is dead-lettered, and at the latest when its TTL runs out,
 * counted from when the job is due: at the enqueue, or at the time {@code enqueueDelayed} was given. A retry keeps
 * the key. After the key is freed, the next enqueue with it is accepted.
 * <p>
 * The key lives in {@code {queue}:unique:<key>}, a string holding the job's id, in the queue's hash slot. One script
 * checks it, adds the job and takes the key, so that concurrent enqueues, from any number of instances, add one job.
 * The job carries its key in the header {@link io.github.redismessaging.queue.QueueEnvelope#UNIQUE_KEY_HEADER}; a
 * key is freed only while it still names the job, so a job that outlived its TTL never frees the key of the job
 * that took it after.
 * <p>
 * The TTL is what frees the key of a job that is lost: an item popped by an {@code AT_MOST_ONCE} consumer that then
 * crashed, an item removed by hand, an item of a {@code CIRCULAR} list (which never leaves its list). It also bounds
 * the key of a job that waits longer than it: a job still queued when its TTL runs out no longer holds the key, and
 * the next enqueue adds a second job. A replayed dead letter is a new job that holds no key.
 */
public final class EnqueueOptions {

	/** The TTL of a unique key when none is given: 24 hours after the job is due. */
	public static final Duration DEFAULT_TTL = Duration.ofHours(24);

	/** The longest TTL of a unique key. */
	public static final Duration MAX_TTL = Duration.ofDays(365);

	/** The longest unique key, in characters. */
	public static final int MAX_KEY_LENGTH = Arguments.MAX_KEY_LENGTH;

	private final String uniqueKey;

	private final Duration ttl;

	private EnqueueOptions(String uniqueKey, Duration ttl) {
		this.uniqueKey = uniqueKey;
		this.ttl = ttl;
	}

	/**
	 * A unique job: while a job with this key is queued, delayed or leased, an enqueue with it adds nothing. The key
	 * is held for at most {@link #DEFAULT_TTL} after the job is due.
	 * @param key the key, unique per queue, for example {@code "invoice:42"}; at most
	 * {@value #MAX_KEY_LENGTH} characters
	 * @return the options
	 * @throws IllegalArgumentException if the key is blank or too long
	 */
	public static EnqueueOptions unique(String key) {
		return new EnqueueOptions(Arguments.key(key, "unique key"), DEFAULT_TTL);
	}

	/**
	 * The same options with another TTL: the longest the unique key is held, counted from when the job is due.
	 * @param ttl at least 1 ms, at most {@link #MAX_TTL}
	 * @return the options
	 * @throws IllegalArgumentException if the TTL is below 1 ms or above {@link #MAX_TTL}
	 */
	public EnqueueOptions ttl(Duration ttl) {
		return new EnqueueOptions(this.uniqueKey, Arguments.ttl(ttl, MAX_TTL));
	}

	/**
	 * The job's unique key.
	 * @return the key
	 */
	public String uniqueKey() {
		return this.uniqueKey;
	}

	/**
	 * The longest the unique key is held, counted from when the job is due.
	 * @return the TTL
	 */
	public Duration ttl() {
		return this.ttl;
	}

	@Override
	public String toString() {
		return "EnqueueOptions[unique=" + this.uniqueKey + ", ttl=" + this.ttl + "]";
	}

}

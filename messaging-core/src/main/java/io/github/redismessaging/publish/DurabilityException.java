package io.github.redismessaging.publish;

import java.time.Duration;

/**
 * Thrown when fewer replicas than a {@link Durability} asks for acknowledged a write within its timeout, like
 * Kafka's {@code NotEnoughReplicasAfterAppendException}. The write itself has happened on the master: it is there,
 * and listeners may already have it. It may still be lost, if the master fails before a replica has it.
 * <p>
 * The caller decides what to do: accept the risk, or retry, which writes it once more (a second entry, a second
 * item) unless the write is idempotent, for example an append with an idempotency key.
 */
public class DurabilityException extends RuntimeException {

	private final String key;

	private final String master;

	private final int acknowledged;

	private final int requested;

	/**
	 * Creates the exception.
	 * @param key the key written, with the key prefix
	 * @param master the {@code host:port} of the master that took the write
	 * @param acknowledged how many replicas acknowledged the write
	 * @param requested how many replicas were asked for
	 * @param timeout how long the write waited for them
	 */
	public DurabilityException(String key, String master, int acknowledged, int requested, Duration timeout) {
		super(acknowledged + " of " + requested + " replica" + ((requested == 1) ? "" : "s")
				+ " acknowledged the write to '" + key + "' on master " + master + " within " + timeout.toMillis()
				+ " ms (WAIT). The write has happened on the master, but a failover may still lose it; retrying"
				+ " writes it again");
		this.key = key;
		this.master = master;
		this.acknowledged = acknowledged;
		this.requested = requested;
	}

	/**
	 * The key written, with the key prefix: a stream, a queue, or a queue's {@code {queue}:delayed} set.
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

	/**
	 * The master that took the write: in a cluster, as the topology announces it; otherwise as the server reports
	 * its end of the connection ({@code laddr} of {@code CLIENT INFO}), or {@code unknown}.
	 * @return its {@code host:port}
	 */
	public String master() {
		return this.master;
	}

	/**
	 * How many replicas acknowledged the write within the timeout.
	 * @return fewer than {@link #requested()}
	 */
	public int acknowledged() {
		return this.acknowledged;
	}

	/**
	 * How many replicas the {@link Durability} asked for.
	 * @return at least 1
	 */
	public int requested() {
		return this.requested;
	}

}

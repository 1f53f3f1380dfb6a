package io.github.redismessaging.publish;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How many replicas must have a write before the template returns, the counterpart of Kafka's {@code acks=all}
 * for Redis's asynchronous replication.
 * <p>
 * With {@link #replicas(int, Duration)}, the write is followed by {@code WAIT n timeout} on the connection that
 * carried it (in a cluster, the connection to the master that owns the key's slot), and the template returns once
 * {@code n} replicas acknowledged it, or throws a {@link DurabilityException} if fewer did within the timeout. The
 * write itself has then happened on the master either way. A write that {@code n} replicas acknowledged survives
 * the failover of its master, unless all of them fail too, or a replica without it is promoted. WAIT does not make
 * Redis strongly consistent: it tells how far a write got, it does not undo one that got less far.
 * <p>
 * With {@link #none()}, the default, the template returns once the master has the write, which a failover can lose
 * until the master's replicas have it (usually within milliseconds: the replication lag).
 */
public final class Durability {

	private static final Durability NONE = new Durability(0, Duration.ZERO);

	private final int replicas;

	private final Duration timeout;

	private Durability(int replicas, Duration timeout) {
		this.replicas = replicas;
		this.timeout = timeout;
	}

	/**
	 * The write returns once the master has it, without waiting for replicas.
	 * @return no durability
	 */
	public static Durability none() {
		return NONE;
	}

	/**
	 * The write returns once {@code n} replicas acknowledged it ({@code WAIT n timeout}); if fewer did within the
	 * timeout, it throws a {@link DurabilityException}. The WAIT runs on a connection of its own, never on the shared
	 * connection that listeners use; durable writes to one master share it and run in turn (see the README). The
	 * timeout must stay well below the command timeout ({@code spring.data.redis.timeout}), or the command times out
	 * first.
	 * @param n how many replicas, at least 1
	 * @param timeout how long to wait for them at most, at least 1 ms
	 * @return the durability
	 * @throws IllegalArgumentException if {@code n} is below 1 or the timeout below 1 ms
	 */
	public static Durability replicas(int n, Duration timeout) {
		if (n < 1) {
			throw new IllegalArgumentException("replicas must be at least 1, not " + n + "; use Durability.none()");
		}
		if (timeout == null || timeout.toMillis() < 1) {
			throw new IllegalArgumentException(
					"timeout must be at least 1ms (WAIT 0 would wait forever), not " + timeout);
		}
		return new Durability(n, timeout);
	}

	/**
	 * How many replicas must acknowledge a write.
	 * @return at least 1, or 0 for {@link #none()}
	 */
	public int replicas() {
		return this.replicas;
	}

	/**
	 * How long to wait for the replicas at most.
	 * @return the timeout, or zero for {@link #none()}
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Whether writes wait for replicas.
	 * @return {@code false} for {@link #none()}
	 */
	public boolean waitsForReplicas() {
		return this.replicas > 0;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof Durability that && this.replicas == that.replicas
				&& this.timeout.equals(that.timeout));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.replicas, this.timeout);
	}

	@Override
	public String toString() {
		return waitsForReplicas() ? "Durability[replicas=" + this.replicas + ", timeout=" + this.timeout + "]"
				: "Durability[none]";
	}

}

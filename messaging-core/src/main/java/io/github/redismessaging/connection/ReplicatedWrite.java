package io.github.redismessaging.connection;

/**
 * The outcome of a write followed by {@code WAIT}: see
 * {@link RedisConnections#writeAndWait(byte[], java.util.function.Function, int, java.time.Duration)}.
 *
 * @param <T> the type of the write's reply
 * @param reply the write's reply
 * @param acknowledged how many replicas acknowledged the write within the timeout (the reply of {@code WAIT}); it
 * may exceed the number asked for
 * @param master the {@code host:port} of the master that took the write: in a cluster, as the topology announces
 * it; otherwise as the server reports its own end of the connection ({@code laddr} of {@code CLIENT INFO}), or
 * {@code unknown} if it does not
 */
public record ReplicatedWrite<T>(T reply, int acknowledged, String master) {

}

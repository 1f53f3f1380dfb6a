package io.github.redismessaging.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.pubsub.Dispatch;

/**
 * Defaults for every {@code @RedisSubscriber} listener, under {@code redis.messaging.pubsub.defaults}.
 */
public class PubSubDefaults extends ListenerSettings {

	/**
	 * Messages buffered per listener between the Redis connection and the workers. When the buffer is full,
	 * further messages are dropped and counted in the 'redis.messaging.dropped' meter. Default: 10000.
	 */
	private @Nullable Integer bufferSize;

	/**
	 * Where the listener method runs: WORKERS, on the listener's worker threads behind the buffer; or EVENT_LOOP, on
	 * the Lettuce event loop that received the message, with no hand-off, for methods that take microseconds and
	 * never block (concurrency 1 and a void method only). Default: WORKERS.
	 */
	private @Nullable Dispatch dispatch;

	/**
	 * In a cluster, how often a listener re-reads the topology to move subscriptions whose node failed or whose slot
	 * moved. A dropped connection or a Redis-initiated unsubscribe triggers a re-read at once. Default: 5s.
	 */
	private @Nullable Duration topologyRefreshInterval;

	/**
	 * How long a subscribe command may wait for Redis to confirm before it is retried. Default: 5s.
	 */
	private @Nullable Duration subscribeTimeout;

	public @Nullable Integer getBufferSize() {
		return this.bufferSize;
	}

	public void setBufferSize(@Nullable Integer bufferSize) {
		this.bufferSize = bufferSize;
	}

	public @Nullable Dispatch getDispatch() {
		return this.dispatch;
	}

	public void setDispatch(@Nullable Dispatch dispatch) {
		this.dispatch = dispatch;
	}

	public @Nullable Duration getTopologyRefreshInterval() {
		return this.topologyRefreshInterval;
	}

	public void setTopologyRefreshInterval(@Nullable Duration topologyRefreshInterval) {
		this.topologyRefreshInterval = topologyRefreshInterval;
	}

	public @Nullable Duration getSubscribeTimeout() {
		return this.subscribeTimeout;
	}

	public void setSubscribeTimeout(@Nullable Duration subscribeTimeout) {
		this.subscribeTimeout = subscribeTimeout;
	}

}

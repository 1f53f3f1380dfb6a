package io.github.redismessaging.pubsub;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;

/**
 * Subscriptions on one connection to a standalone (or sentinel-managed) Redis. Lettuce reconnects by itself;
 * on every reconnect the subscriptions are issued again, which Redis treats as a no-op where they still exist,
 * so a restarted server gets them back whatever Lettuce restores on its own.
 * <p>
 * A connection whose server stops answering is not closed, so Lettuce would keep it for as long as the server is
 * silent. The subscription therefore checks its liveness: it sends a {@code PING} every second, and a {@code PING}
 * unanswered for 3 s makes it report itself lost: the container subscribes again on a new connection. On Sentinel it
 * asks the sentinels whether the master changed instead, every second (a switch moves it at once), and reports itself
 * lost only when the connection has been silent for 60 s while the master stayed (a half-open connection). A master
 * switch reports it lost too, so that it moves to the new master instead of staying on a paused or demoted one.
 */
final class StandaloneSubscription implements Subscription {

	private static final Log logger = LogFactory.getLog(StandaloneSubscription.class);

	private static final long PING_INTERVAL_MILLIS = 1000;

	private static final long UNANSWERED_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(3);

	/**
	 * On Sentinel, how long a silent connection to a master that stays the master is kept: longer than Sentinel's
	 * default {@code down-after-milliseconds} (30 s) and a failover, so that a paused master that is being replaced
	 * is left by the switch, not by a reconnect that would land on it again.
	 */
	private static final long SENTINEL_SILENCE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

	private final RedisConnections connections;

	private final RedisClient client;

	private final Runnable lost;

	private final AtomicBoolean reportedLost = new AtomicBoolean();

	/** When the outstanding PING was sent ({@link System#nanoTime()}), or 0 when none is outstanding. */
	private final AtomicLong pingSentAt = new AtomicLong();

	private volatile @Nullable ScheduledFuture<?> liveness;

	private volatile @Nullable AutoCloseable switches;

	private final PubSubSettings settings;

	private final MessageSink sink;

	private final String listenerId;

	private volatile @Nullable StatefulRedisPubSubConnection<byte[], byte[]> connection;

	StandaloneSubscription(RedisConnections connections, PubSubSettings settings, MessageSink sink, String listenerId,
			Runnable lost) {
		this.connections = connections;
		this.client = (RedisClient) connections.client();
		this.lost = lost;
		this.settings = settings;
		this.sink = sink;
		this.listenerId = listenerId;
	}

	@Override
	public void open() {
		this.pingSentAt.set(0);
		this.reportedLost.set(false);
		StatefulRedisPubSubConnection<byte[], byte[]> opened = this.client.connectPubSub(ByteArrayCodec.INSTANCE);
		this.connection = opened;
		opened.addListener(new MessageAdapter());
		opened.addListener(new ResubscribeOnReconnect());
		try {
			subscribe(opened.async()).get(this.settings.subscribeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Subscribing " + this.settings.describe() + " failed", ex);
		}
		if (this.connections.followsSentinel()) {
			this.switches = this.connections.onMasterSwitch(() -> reportLost("Sentinel reports a new master"));
		}
		this.liveness = this.client.getResources()
			.eventExecutorGroup()
			.scheduleAtFixedRate(() -> checkLiveness(opened), PING_INTERVAL_MILLIS, PING_INTERVAL_MILLIS,
					TimeUnit.MILLISECONDS);
	}

	private void checkLiveness(StatefulRedisPubSubConnection<byte[], byte[]> opened) {
		long sentAt = this.pingSentAt.get();
		long now = System.nanoTime();
		if (sentAt == 0) {
			if (opened.isOpen() && this.pingSentAt.compareAndSet(0, now)) {
				opened.async().ping().whenComplete((pong, failure) -> {
					if (failure == null) {
						this.pingSentAt.set(0);
					}
				});
			}
		}
		else if (now - sentAt > UNANSWERED_LIMIT_NANOS) {
			if (this.connections.followsSentinel() && now - sentAt <= SENTINEL_SILENCE_LIMIT_NANOS) {
				this.connections.checkMaster();
			}
			else {
				reportLost("its connection has not answered a PING for "
						+ TimeUnit.NANOSECONDS.toMillis(now - sentAt) + " ms");
			}
		}
	}

	private void reportLost(String why) {
		if (this.reportedLost.compareAndSet(false, true)) {
			logger.warn("Listener '" + this.listenerId + "' moves its subscription to a new connection: " + why);
			this.lost.run();
		}
	}

	private CompletableFuture<Void> subscribe(RedisPubSubAsyncCommands<byte[], byte[]> commands) {
		CompletableFuture<Void> channels = CompletableFuture.completedFuture(null);
		if (!this.settings.channels().isEmpty()) {
			byte[][] names = PubSubNames.encode(this.settings.channels());
			channels = (this.settings.sharded() ? commands.ssubscribe(names) : commands.subscribe(names))
				.toCompletableFuture();
		}
		CompletableFuture<Void> patterns = CompletableFuture.completedFuture(null);
		if (!this.settings.patterns().isEmpty()) {
			patterns = commands.psubscribe(PubSubNames.encode(this.settings.patterns())).toCompletableFuture();
		}
		return CompletableFuture.allOf(channels, patterns);
	}

	@Override
	public void close() {
		ScheduledFuture<?> checks = this.liveness;
		if (checks != null) {
			checks.cancel(false);
		}
		AutoCloseable registration = this.switches;
		if (registration != null) {
			try {
				registration.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
		StatefulRedisPubSubConnection<byte[], byte[]> closing = this.connection;
		this.connection = null;
		if (closing != null) {
			closing.close();
		}
	}

	private final class ResubscribeOnReconnect implements RedisConnectionStateListener {

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
			StatefulRedisPubSubConnection<byte[], byte[]> current = StandaloneSubscription.this.connection;
			if (current != null) {
				logger.info("Listener '" + StandaloneSubscription.this.listenerId + "' reconnected to " + address
						+ "; subscribing again to " + StandaloneSubscription.this.settings.describe());
				subscribe(current.async()).exceptionally((ex) -> {
					logger.warn("Listener '" + StandaloneSubscription.this.listenerId
							+ "' could not subscribe again after reconnecting; Lettuce retries on the next reconnect",
							ex);
					return null;
				});
			}
		}

	}

	private final class MessageAdapter extends RedisPubSubAdapter<byte[], byte[]> {

		private final PubSubNames.Decoder channels = new PubSubNames.Decoder();

		private final PubSubNames.Decoder patterns = new PubSubNames.Decoder();


		@Override
		public void message(byte[] channel, byte[] message) {
			StandaloneSubscription.this.sink.accept(this.channels.decode(channel), null, false, message);
		}

		@Override
		public void message(byte[] pattern, byte[] channel, byte[] message) {
			StandaloneSubscription.this.sink.accept(this.channels.decode(channel), this.patterns.decode(pattern), false,
					message);
		}

		@Override
		public void smessage(byte[] channel, byte[] message) {
			StandaloneSubscription.this.sink.accept(this.channels.decode(channel), null, true, message);
		}

	}

}

package io.github.redismessaging.pubsub;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

/**
 * Subscriptions on one connection to a standalone (or sentinel-managed) Redis. Lettuce reconnects by itself;
 * on every reconnect the subscriptions are issued again, which Redis treats as a no-op where they still exist,
 * so a restarted server gets them back whatever Lettuce restores on its own.
 */
final class StandaloneSubscription implements Subscription {

	private static final Log logger = LogFactory.getLog(StandaloneSubscription.class);

	private final RedisClient client;

	private final PubSubSettings settings;

	private final MessageSink sink;

	private final String listenerId;

	private volatile @Nullable StatefulRedisPubSubConnection<byte[], byte[]> connection;

	StandaloneSubscription(RedisClient client, PubSubSettings settings, MessageSink sink, String listenerId) {
		this.client = client;
		this.settings = settings;
		this.sink = sink;
		this.listenerId = listenerId;
	}

	@Override
	public void open() {
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

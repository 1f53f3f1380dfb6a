package io.github.redismessaging.pubsub;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOffExecution;

import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.support.AbstractMessageListenerContainer;
import io.github.redismessaging.listener.support.ListenerThreads;
import io.github.redismessaging.pubsub.Dispatcher.PubSubMessage;

/**
 * Runs one {@code @RedisSubscriber}: a subscription on dedicated connections, and a dispatcher that hands the
 * messages to worker threads. If Redis cannot be reached at start, the container keeps trying with exponential
 * backoff instead of failing the application.
 */
final class PubSubListenerContainer extends AbstractMessageListenerContainer {

	private static final Log logger = LogFactory.getLog(PubSubListenerContainer.class);

	private final PubSubSettings settings;

	private final Dispatcher dispatcher;

	private final SubscriptionFactory subscriptions;

	private @Nullable ScheduledFuture<?> retry;

	private @Nullable Subscription subscription;

	/** Counts the subscriptions opened, so that a lost one that was already replaced is not replaced again. */
	private int generation;

	PubSubListenerContainer(String id, PubSubSettings settings, ListenerThreads threads, Dispatcher dispatcher,
			SubscriptionFactory subscriptions) {
		super(id, ListenerKind.PUBSUB, settings.autoStartup(), threads);
		this.settings = settings;
		this.dispatcher = dispatcher;
		this.subscriptions = subscriptions;
	}

	@Override
	public String destination() {
		return this.settings.describe();
	}

	@Override
	protected void doStart() {
		this.dispatcher.start(threads());
		openSubscription();
	}

	private void openSubscription() {
		int opened = ++this.generation;
		this.subscription = this.subscriptions.create(this::accept, () -> resubscribeLater(opened));
		subscribe(reconnectBackOff());
	}

	/**
	 * The subscription reported itself lost (its server stopped answering, or Sentinel named a new master): it is
	 * closed and a new one opened, on a container thread, unless the container stopped, paused or replaced it
	 * meanwhile.
	 */
	private void resubscribeLater(int lost) {
		threads().runLater(threadName("subscribe"), Duration.ZERO, () -> whileRunning(() -> {
			if (this.generation == lost && !isPaused()) {
				this.subscription.close();
				if (this.retry != null) {
					this.retry.cancel(false);
				}
				openSubscription();
			}
		}));
	}

	private void accept(String channel, String pattern, boolean sharded, byte[] payload) {
		this.dispatcher.dispatch(new PubSubMessage(channel, pattern, sharded, payload));
	}

	private void subscribe(BackOffExecution backOff) {
		try {
			this.subscription.open();
			this.failures.succeeded();
			logger.info("Listener '" + id() + "' subscribed to " + this.settings.describe());
		}
		catch (RuntimeException ex) {
			this.subscription.close();
			this.failures.failed(ex);
			long delay = backOff.nextBackOff();
			logger.warn("Listener '" + id() + "' could not subscribe to " + this.settings.describe()
					+ "; retrying in " + delay + " ms: " + ex.getMessage());
			this.retry = threads().runLater(threadName("subscribe"), Duration.ofMillis(delay),
					() -> whileRunning(() -> {
						if (!isPaused()) {
							subscribe(backOff);
						}
					}));
		}
	}

	/**
	 * Unsubscribes: Redis pub/sub keeps nothing for absent subscribers, so messages published while paused are not
	 * received. Messages already buffered are still handled.
	 */
	@Override
	protected void doPause() {
		this.subscription.close();
	}

	@Override
	protected void doResume() {
		openSubscription();
	}

	@Override
	protected Map<String, Object> details() {
		return Map.of("channels", this.settings.channels(), "patterns", this.settings.patterns(), "sharded",
				this.settings.sharded(), "concurrency", this.settings.concurrency(), "dispatch",
				this.settings.dispatch());
	}

	@Override
	protected void doStop() {
		this.subscription.close();
		if (this.retry != null) {
			this.retry.cancel(false);
		}
		this.dispatcher.stop(this.settings.shutdownTimeout());
	}

	/**
	 * Creates the Redis side of the container for the deployment at hand (standalone or cluster).
	 */
	@FunctionalInterface
	interface SubscriptionFactory {

		/**
		 * Creates a subscription, not opened.
		 * @param sink where messages go
		 * @param lost what the subscription runs (once) when it has lost its server and must be replaced
		 * @return the subscription
		 */
		Subscription create(MessageSink sink, Runnable lost);

	}

}

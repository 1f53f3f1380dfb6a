package io.github.redismessaging.pubsub;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.pubsub.Dispatcher.PubSubMessage;

/**
 * Runs one {@code @RedisSubscriber}: a subscription on dedicated connections, and a dispatcher that hands the
 * messages to worker threads. If Redis cannot be reached at start, the container keeps trying with exponential
 * backoff instead of failing the application.
 */
final class PubSubListenerContainer implements MessageListenerContainer {

	private static final Log logger = LogFactory.getLog(PubSubListenerContainer.class);

	private static final long MAX_RETRY_DELAY_MILLIS = 10_000;

	private final String id;

	private final PubSubSettings settings;

	private final Dispatcher dispatcher;

	private final SubscriptionFactory subscriptions;

	private final Object lifecycleMonitor = new Object();

	private ScheduledExecutorService supervisor;

	private Subscription subscription;

	private volatile boolean running;

	PubSubListenerContainer(String id, PubSubSettings settings, Dispatcher dispatcher,
			SubscriptionFactory subscriptions) {
		this.id = id;
		this.settings = settings;
		this.dispatcher = dispatcher;
		this.subscriptions = subscriptions;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public ListenerKind kind() {
		return ListenerKind.PUBSUB;
	}

	@Override
	public String destination() {
		return this.settings.describe();
	}

	@Override
	public boolean isAutoStartup() {
		return this.settings.autoStartup();
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.supervisor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "redis-sub-" + this.id + "-supervisor");
				thread.setDaemon(true);
				return thread;
			});
			this.dispatcher.start();
			this.subscription = this.subscriptions.create(this::accept, this.supervisor);
			this.running = true;
			subscribe(retryBackOff());
		}
	}

	private static BackOffExecution retryBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(MAX_RETRY_DELAY_MILLIS);
		return backOff.start();
	}

	private void accept(String channel, String pattern, boolean sharded, byte[] payload) {
		this.dispatcher.dispatch(new PubSubMessage(channel, pattern, sharded, payload));
	}

	private void subscribe(BackOffExecution backOff) {
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			try {
				this.subscription.open();
				logger.info("Listener '" + this.id + "' subscribed to " + this.settings.describe());
			}
			catch (RuntimeException ex) {
				this.subscription.close();
				long delay = backOff.nextBackOff();
				logger.warn("Listener '" + this.id + "' could not subscribe to " + this.settings.describe()
						+ "; retrying in " + delay + " ms: " + ex.getMessage());
				this.supervisor.schedule(() -> subscribe(backOff), delay, TimeUnit.MILLISECONDS);
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.subscription.close();
			this.supervisor.shutdownNow();
		}
		this.dispatcher.stop(this.settings.shutdownTimeout());
	}

	@Override
	public void stop(Runnable callback) {
		Thread stopper = new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "redis-sub-" + this.id + "-stop");
		stopper.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Creates the Redis side of the container for the deployment at hand (standalone or cluster).
	 */
	@FunctionalInterface
	interface SubscriptionFactory {

		Subscription create(MessageSink sink, ScheduledExecutorService supervisor);

	}

}

package io.github.redismessaging.pubsub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.redismessaging.codec.PayloadDecodingException;
import io.github.redismessaging.listener.ListenerInvoker;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.listener.support.ListenerThreads;
import io.github.redismessaging.metrics.ListenerMetrics.Outcome;
import io.github.redismessaging.metrics.ListenerMetrics;
import io.github.redismessaging.metrics.MessagingObservations;
import io.github.redismessaging.metrics.ProcessTiming;

/**
 * Hands messages to the listener. With {@link Dispatch#WORKERS} it moves them off the Lettuce event loop to the
 * listener's worker threads through bounded buffers, one per worker ({@link WorkerBuffer}: no lock, batches taken at
 * once, a wake-up only after a pause in the traffic). A channel always goes to the same worker, so the messages of
 * a channel keep their order at any concurrency. A full buffer drops the message and counts it: blocking the event
 * loop would stall every other connection that shares it, and pub/sub is at-most-once anyway. With
 * {@link Dispatch#EVENT_LOOP} the listener runs on the event loop that received the message, in order, with no
 * buffer and no worker; calls never overlap, as with one worker, even where several connections (the nodes of a
 * cluster) deliver at once.
 */
final class Dispatcher {

	private static final Log logger = LogFactory.getLog(Dispatcher.class);

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** The most messages a worker takes from its buffer at once. */
	private static final int DRAIN_MAX = 256;

	private static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final String listenerId;

	private final ListenerInvoker invoker;

	private final ListenerMetrics metrics;

	private final ProcessTiming timing;

	private final boolean onEventLoop;

	/** Held around an event-loop call, so that calls from the connections to different nodes never overlap. */
	private final ReentrantLock eventLoopCall = new ReentrantLock();

	private final List<WorkerBuffer<PubSubMessage>> buffers = new ArrayList<>();

	private final List<ListenerThreads.Running> workers = new ArrayList<>();

	private final AtomicLong nextDropWarning = new AtomicLong(System.nanoTime());

	private volatile boolean accepting;

	/** Whether a message's headers are built: not when neither the listener nor the timing reads them. */
	private final boolean buildsHeaders;

	Dispatcher(String listenerId, PubSubSettings settings, ListenerInvoker invoker, ListenerMetrics metrics,
			MessagingObservations observations) {
		this.listenerId = listenerId;
		this.invoker = invoker;
		this.metrics = metrics;
		this.timing = observations.timing(ListenerKind.PUBSUB, listenerId, metrics);
		this.buildsHeaders = invoker.usesHeaders() || this.timing.readsHeaders();
		this.onEventLoop = settings.dispatch() == Dispatch.EVENT_LOOP;
		int perWorker = Math.max(1, settings.bufferSize() / settings.concurrency());
		for (int i = 0; !this.onEventLoop && i < settings.concurrency(); i++) {
			this.buffers.add(new WorkerBuffer<>(perWorker));
		}
	}

	synchronized void start(ListenerThreads threads) {
		this.accepting = true;
		for (int i = 0; i < this.buffers.size(); i++) {
			WorkerBuffer<PubSubMessage> buffer = this.buffers.get(i);
			this.workers.add(threads.start("redis-" + ListenerKind.PUBSUB.propertyName() + "-" + this.listenerId
					+ "-worker-" + i, () -> work(buffer)));
		}
	}

	/** Called on the event loop. */
	void dispatch(PubSubMessage message) {
		String destination = message.destination();
		this.metrics.received(destination);
		if (this.onEventLoop) {
			if (this.accepting) {
				this.eventLoopCall.lock();
				try {
					handle(message);
				}
				finally {
					this.eventLoopCall.unlock();
				}
			}
			else {
				this.metrics.dropped(destination);
			}
			return;
		}
		int index = (message.channel().hashCode() & Integer.MAX_VALUE) % this.buffers.size();
		if (!this.accepting || !this.buffers.get(index).offer(message)) {
			this.metrics.dropped(destination);
			if (dropWarningDue()) {
				logger.warn("Listener '" + this.listenerId + "' dropped a message from channel '" + message.channel()
						+ "': its buffer is full (the listener is slower than the publishers) or it is stopping; "
						+ "raise 'bufferSize' or 'concurrency' or make the listener faster (repeats are logged at "
					+ "most every 10 s, all are counted in redis.messaging.dropped)");
			}
		}
	}

	private boolean dropWarningDue() {
		long now = System.nanoTime();
		long due = this.nextDropWarning.get();
		return now - due >= 0 && this.nextDropWarning.compareAndSet(due, now + DROP_WARNING_INTERVAL_NANOS);
	}

	/**
	 * Lets the workers finish what is buffered, up to the timeout, then stops them.
	 */
	synchronized void stop(Duration timeout) {
		this.accepting = false;
		long deadline = System.nanoTime() + timeout.toNanos();
		for (ListenerThreads.Running worker : this.workers) {
			try {
				worker.join(Duration.ofNanos(deadline - System.nanoTime()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		int abandoned = 0;
		for (int i = 0; i < this.workers.size(); i++) {
			this.workers.get(i).interrupt();
			abandoned += this.buffers.get(i).size();
			this.buffers.get(i).clear();
		}
		if (abandoned > 0) {
			logger.warn("Listener '" + this.listenerId + "' stopped with " + abandoned
					+ " buffered messages not handled within the shutdown timeout of " + timeout);
		}
		this.workers.clear();
	}

	/**
	 * Takes what is buffered, up to {@value #DRAIN_MAX} at once (see {@link WorkerBuffer}), and handles it. A worker
	 * finishes what it took, even once interrupted at the end of the shutdown timeout.
	 */
	private void work(WorkerBuffer<PubSubMessage> buffer) {
		List<PubSubMessage> taken = new ArrayList<>(DRAIN_MAX);
		while (this.accepting || !buffer.isEmpty()) {
			try {
				buffer.drainTo(taken, DRAIN_MAX, POLL_NANOS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			for (PubSubMessage message : taken) {
				handle(message);
			}
			taken.clear();
		}
	}

	private void handle(PubSubMessage message) {
		Map<String, Object> headers = this.buildsHeaders ? headers(message) : Map.of();
		ProcessTiming.Sample sample = this.timing.start(message.destination(), headers);
		Outcome outcome = Outcome.SUCCESS;
		try (Observation.Scope scope = sample.openScope()) {
			this.invoker.invoke(message.payload(), headers);
		}
		catch (PayloadDecodingException ex) {
			sample.failed(ex);
			outcome = Outcome.DECODE_FAILURE;
			logger.warn("Listener '" + this.listenerId + "' could not decode a message from channel '"
					+ message.channel() + "'; the message is skipped: " + ex.getMessage());
		}
		catch (Throwable ex) {
			sample.failed(ex);
			outcome = Outcome.FAILURE;
			logger.error("Listener '" + this.listenerId + "' threw on a message from channel '" + message.channel()
					+ "'; the subscription continues", ex);
		}
		sample.stop(outcome);
	}

	private Map<String, Object> headers(PubSubMessage message) {
		Map<String, Object> headers = new HashMap<>(8);
		headers.put(RedisHeaders.CHANNEL, message.channel());
		if (message.pattern() != null) {
			headers.put(RedisHeaders.PATTERN, message.pattern());
		}
		headers.put(RedisHeaders.SHARDED, message.sharded());
		headers.put(RedisHeaders.LISTENER_ID, this.listenerId);
		return headers;
	}

	/**
	 * One received message.
	 */
	record PubSubMessage(String channel, String pattern, boolean sharded, byte[] payload) {

		String destination() {
			return (this.pattern != null) ? this.pattern : this.channel;
		}

	}

}

package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;

import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;

/**
 * The last 15 minutes of each listener's processed and failed rates, kept in memory for the endpoint (and the
 * console's sparklines): every 5 s, the listeners' process counters are read from the meter registry and the
 * rates since the previous sample appended; the oldest sample beyond 15 minutes is dropped. Nothing is kept for a
 * listener that no longer exists.
 */
final class ListenerActivityHistory implements DisposableBean {

	static final Duration INTERVAL = Duration.ofSeconds(5);

	static final int SAMPLES = (int) (Duration.ofMinutes(15).toSeconds() / INTERVAL.toSeconds());

	private final RedisListenerRegistry registry;

	private final ListenerCounts counts;

	private final Map<String, Activity> activities = new ConcurrentHashMap<>();

	private final ScheduledFuture<?> sampling;

	ListenerActivityHistory(RedisListenerRegistry registry, ListenerCounts counts, TaskScheduler scheduler) {
		this.registry = registry;
		this.counts = counts;
		this.sampling = scheduler.scheduleAtFixedRate(this::sample, INTERVAL);
	}

	void sample() {
		long now = System.nanoTime();
		Map<String, Activity> seen = new LinkedHashMap<>();
		for (MessageListenerContainer container : this.registry.containers()) {
			String id = container.id();
			Activity activity = this.activities.computeIfAbsent(id, (key) -> new Activity());
			activity.sample(now, this.counts.processed(id), this.counts.failed(id));
			seen.put(id, activity);
		}
		this.activities.keySet().retainAll(seen.keySet());
	}

	/**
	 * A listener's history.
	 * @param id the listener id
	 * @return the interval in seconds and the processed and failed rates per second, oldest first
	 */
	Map<String, Object> of(String id) {
		Activity activity = this.activities.get(id);
		return (activity != null) ? activity.view() : Map.of("intervalSeconds", INTERVAL.toSeconds(), "processed",
				List.of(), "failed", List.of());
	}

	@Override
	public void destroy() {
		this.sampling.cancel(false);
	}

	/** One listener's samples. */
	private static final class Activity {

		private final Deque<double[]> rates = new ArrayDeque<>();

		private long lastNanos;

		private long lastProcessed = -1;

		private long lastFailed;

		synchronized void sample(long now, long processed, long failed) {
			if (this.lastProcessed >= 0 && now > this.lastNanos) {
				double seconds = (now - this.lastNanos) / 1e9;
				this.rates.addLast(new double[] { Math.max(0, processed - this.lastProcessed) / seconds,
						Math.max(0, failed - this.lastFailed) / seconds });
				while (this.rates.size() > SAMPLES) {
					this.rates.removeFirst();
				}
			}
			this.lastNanos = now;
			this.lastProcessed = processed;
			this.lastFailed = failed;
		}

		synchronized Map<String, Object> view() {
			return Map.of("intervalSeconds", INTERVAL.toSeconds(), "processed",
					this.rates.stream().map((rate) -> round(rate[0])).toList(), "failed",
					this.rates.stream().map((rate) -> round(rate[1])).toList());
		}

		private static double round(double rate) {
			return Math.round(rate * 100) / 100.0;
		}

	}

}

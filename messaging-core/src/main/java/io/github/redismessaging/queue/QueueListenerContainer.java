package io.github.redismessaging.queue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.support.BoundedWorkers;
import io.github.redismessaging.listener.support.ListenerThreads;
import io.github.redismessaging.listener.support.PollingListenerContainer;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Runs one {@code @QueueListener}. Beyond what every polling container does, it extends the leases it holds every
 * third of {@code leaseTimeout} (also while the workers finish on stop), runs maintenance (due items, expired leases, gauges) every
 * {@code maintenanceInterval}, and on stop gives back at once the items no worker started; items a worker was still
 * on stay leased and return when their lease expires. Nothing runs against Redis during start, so an
 * application starts while Redis is down and the listener begins once Redis answers.
 */
final class QueueListenerContainer extends PollingListenerContainer<QueueItem> {

	private static final Duration COMMAND_MARGIN = Duration.ofSeconds(5);

	private final QueueSettings settings;

	private final QueueMaintenance maintenance;

	QueueListenerContainer(String id, QueueSettings settings, RedisConnections connections, ListenerThreads threads,
			BoundedWorkers<QueueItem> workers, QueueMaintenance maintenance, ListenerMetrics metrics, HeldTakes held,
			ProcessedItems processedItems) {
		super(id, ListenerKind.QUEUE, settings, threads, workers, () -> {
			Duration timeout = settings.block().plus(COMMAND_MARGIN);
			return new QueueFetcher(connections.openDedicated(timeout.plus(COMMAND_MARGIN)), settings, held,
					timeout.toMillis());
		}, (item) -> metrics.received(item.queue().key()), processedItems);
		this.settings = settings;
		this.maintenance = maintenance;
	}

	@Override
	protected void onStart() {
		schedule("maintenance", this.maintenance::run, Duration.ZERO, this.settings.maintenanceInterval());
		if (this.settings.mode() == QueueMode.AT_LEAST_ONCE) {
			scheduleUntilStopped("leases", this.maintenance::extendLeases, this.settings.extendInterval(),
					this.settings.extendInterval());
		}
	}

	@Override
	protected String consumerName() {
		return this.settings.consumer();
	}

	@Override
	protected Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("names", this.settings.queues().stream().map(QueueKeys::name).toList());
		details.put("mode", this.settings.mode());
		details.put("consumer", this.settings.consumer());
		details.put("concurrency", this.settings.concurrency());
		details.put("queues", this.maintenance.figures());
		return details;
	}

	@Override
	protected void afterStop() {
		if (this.settings.mode() == QueueMode.AT_LEAST_ONCE) {
			this.maintenance.settleHeldTakes();
		}
	}

}

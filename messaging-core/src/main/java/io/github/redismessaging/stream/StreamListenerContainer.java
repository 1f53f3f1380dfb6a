package io.github.redismessaging.stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.support.BoundedWorkers;
import io.github.redismessaging.listener.support.ListenerThreads;
import io.github.redismessaging.listener.support.FetchLoop;
import io.github.redismessaging.listener.support.PollingListenerContainer;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Runs one {@code @StreamListener}: reads the stream in batches and, for a group, acknowledges in batches and runs
 * pending recovery and group maintenance periodically. A stopped group listener leaves what it has not finished
 * pending, for pending recovery.
 */
final class StreamListenerContainer extends PollingListenerContainer<StreamEntry> {

	private static final Duration READ_TIMEOUT_MARGIN = Duration.ofSeconds(5);

	private final StreamSettings settings;

	private final PendingRecovery recovery;

	private final GroupMaintenance maintenance;

	StreamListenerContainer(String id, StreamSettings settings, RedisConnections connections, ListenerThreads threads,
			BoundedWorkers<StreamEntry> workers, Acker acker, PendingRecovery recovery, GroupMaintenance maintenance,
			ListenerMetrics metrics) {
		super(id, ListenerKind.STREAM, settings, threads, workers, opener(connections, settings),
				(entry) -> metrics.received(settings.key()), acker);
		this.settings = settings;
		this.recovery = recovery;
		this.maintenance = maintenance;
	}

	private static FetchLoop.SourceOpener<StreamEntry> opener(RedisConnections connections, StreamSettings settings) {
		Duration readTimeout = settings.block().plus(READ_TIMEOUT_MARGIN);
		return () -> new StreamReads(connections.openDedicated(readTimeout.plus(READ_TIMEOUT_MARGIN)), settings,
				readTimeout);
	}

	@Override
	protected void onStart() {
		if (this.settings.isGroup()) {
			schedule("recovery", this::recoverAndMaintain, this.settings.claimInterval(), this.settings.claimInterval());
		}
	}

	private void recoverAndMaintain() {
		if (!isPaused()) {
			this.recovery.run();
		}
		this.maintenance.run();
	}

	@Override
	protected @Nullable String consumerName() {
		return this.settings.isGroup() ? this.settings.consumer() : null;
	}

	@Override
	protected Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("names", List.of(this.settings.stream()));
		details.put("stream", this.settings.key());
		if (this.settings.isGroup()) {
			details.put("group", this.settings.group());
			details.put("consumer", this.settings.consumer());
			details.putAll(this.maintenance.figures());
		}
		details.put("concurrency", this.settings.concurrency());
		return details;
	}

}

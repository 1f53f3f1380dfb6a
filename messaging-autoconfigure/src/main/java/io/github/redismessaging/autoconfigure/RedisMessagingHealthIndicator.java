package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.listener.ListenerStatus;
import io.github.redismessaging.listener.MessageListenerContainer;
import io.github.redismessaging.listener.RedisListenerRegistry;

/**
 * Health of the messaging listeners ({@code redisMessaging}): DOWN when Redis does not answer a PING, or when
 * a started listener has failed to read from Redis for longer than the threshold; details per listener.
 * <p>
 * A partitioned stream listener's details show {@code partitionsOwned}, the partitions this instance owns out of
 * all ({@code 3/12}), instead of the partition table, and {@code unownedPartitions} (key: since when) for the
 * partitions that no instance has owned for longer than two lease periods. Those do not make the health DOWN, since
 * the instances meant to take them may still be starting; this indicator sees a partition without an owner only
 * when it checks, so that time counts from the first check that saw it so.
 */
final class RedisMessagingHealthIndicator extends AbstractHealthIndicator {

	private static final long PING_TIMEOUT_SECONDS = 2;

	/** How many lease periods a partition may go without an owner before the details name it. */
	private static final int UNOWNED_LEASES = 2;

	private final RedisListenerRegistry registry;

	private final RedisConnections connections;

	private final Duration failureThreshold;

	/** Since when each partition without an owner has been seen so, by listener id and partition key. */
	private final Map<String, Map<String, Instant>> unownedSince = new ConcurrentHashMap<>();

	RedisMessagingHealthIndicator(RedisListenerRegistry registry, RedisConnections connections,
			Duration failureThreshold) {
		super("Redis messaging health check failed");
		this.registry = registry;
		this.connections = connections;
		this.failureThreshold = failureThreshold;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		builder.up();
		try {
			this.connections.commands().ping().get(PING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			builder.down().withDetail("redis", "no answer to PING: " + ex);
		}
		Map<String, Object> listeners = new LinkedHashMap<>();
		Instant now = Instant.now();
		Instant limit = now.minus(this.failureThreshold);
		for (MessageListenerContainer container : this.registry.containers()) {
			ListenerStatus status = container.status();
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("kind", status.kind());
			detail.put("state", status.state());
			detail.putAll(status.details());
			if (detail.remove("partitionDetails") instanceof List<?> partitions) {
				partitions(status, partitions, detail, now);
			}
			if (status.failingSince() != null) {
				detail.put("failingSince", status.failingSince().toString());
				detail.put("lastError", status.lastError());
				if (status.state() != ListenerStatus.State.STOPPED && status.failingSince().isBefore(limit)) {
					builder.down();
				}
			}
			listeners.put(status.id(), detail);
		}
		builder.withDetail("listeners", listeners);
	}

	/**
	 * Adds a partitioned listener's owned/total, and the partitions without an owner for too long, to its details.
	 */
	private void partitions(ListenerStatus status, List<?> partitions, Map<String, Object> detail, Instant now) {
		detail.put("partitionsOwned", detail.get("owned") + "/" + partitions.size());
		Map<String, Instant> before = this.unownedSince.getOrDefault(status.id(), Map.of());
		Map<String, Instant> unowned = new LinkedHashMap<>();
		if (status.state() != ListenerStatus.State.STOPPED) {
			for (Object partition : partitions) {
				if (partition instanceof Map<?, ?> row && "".equals(row.get("owner"))) {
					String key = String.valueOf(row.get("key"));
					unowned.put(key, before.getOrDefault(key, now));
				}
			}
		}
		this.unownedSince.put(status.id(), unowned);
		if (detail.get("partitionLease") instanceof Duration lease) {
			Instant since = now.minus(lease.multipliedBy(UNOWNED_LEASES));
			Map<String, String> overdue = new LinkedHashMap<>();
			unowned.forEach((key, seen) -> {
				if (seen.isBefore(since)) {
					overdue.put(key, seen.toString());
				}
			});
			if (!overdue.isEmpty()) {
				detail.put("unownedPartitions", overdue);
			}
		}
	}

}

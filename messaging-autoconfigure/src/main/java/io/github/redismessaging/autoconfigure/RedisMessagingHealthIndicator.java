package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
 */
final class RedisMessagingHealthIndicator extends AbstractHealthIndicator {

	private static final long PING_TIMEOUT_SECONDS = 2;

	private final RedisListenerRegistry registry;

	private final RedisConnections connections;

	private final Duration failureThreshold;

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
		Instant limit = Instant.now().minus(this.failureThreshold);
		for (MessageListenerContainer container : this.registry.containers()) {
			ListenerStatus status = container.status();
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("kind", status.kind());
			detail.put("state", status.state());
			detail.putAll(status.details());
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

}

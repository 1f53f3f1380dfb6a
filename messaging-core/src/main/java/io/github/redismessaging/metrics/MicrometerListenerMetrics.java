package io.github.redismessaging.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.listener.ListenerKind;

final class MicrometerListenerMetrics implements ListenerMetrics {

	private final MeterRegistry registry;

	private final Tags tags;

	private final boolean dropsMessages;

	/** Whether handling is timed here; not while observations time it, so the timer has one set of tag keys. */
	private final boolean timesProcessing;

	private final Map<String, DestinationMeters> meters = new ConcurrentHashMap<>();

	MicrometerListenerMetrics(MeterRegistry registry, ListenerKind kind, String listenerId, boolean timesProcessing) {
		this.registry = registry;
		this.tags = Tags.of("kind", kind.propertyName(), "listener", listenerId);
		this.dropsMessages = kind == ListenerKind.PUBSUB;
		this.timesProcessing = timesProcessing;
	}

	@Override
	public void received(String destination) {
		meters(destination).received.increment();
	}

	@Override
	public void processed(String destination, Outcome outcome, long nanos) {
		Timer timer = meters(destination).process.get(outcome);
		if (timer != null) {
			timer.record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void dropped(String destination) {
		Counter dropped = meters(destination).dropped;
		if (dropped != null) {
			dropped.increment();
		}
	}

	@Override
	public void skipped(String destination) {
		counter("redis.messaging.skipped", "Failed messages given up without a dead letter, as an error handler decided",
				destination).increment();
	}

	@Override
	public void retried(String destination) {
		counter("redis.messaging.retried", "Failed messages tried again", destination).increment();
	}

	private Counter counter(String name, String description, String destination) {
		return Counter.builder(name)
			.description(description)
			.tags(this.tags.and("destination", destination))
			.register(this.registry);
	}

	@Override
	public void deadLettered(String destination, String reason, long count) {
		Counter.builder("redis.messaging.dead-lettered")
			.description("Messages moved to the dead-letter stream or list")
			.tags(this.tags.and("destination", destination, "reason", reason))
			.register(this.registry)
			.increment(count);
	}

	@Override
	public void deletedWhilePending(String destination, long count) {
		Counter.builder("redis.messaging.deleted-pending")
			.description("Pending entries deleted from the stream before they were handled; acknowledged, not delivered")
			.tags(this.tags.and("destination", destination))
			.register(this.registry)
			.increment(count);
	}

	@Override
	public void gauge(String name, String destination, String description, LongSupplier value) {
		Gauge.builder(name, value, (supplier) -> supplier.getAsLong())
			.description(description)
			.tags(this.tags.and("destination", destination))
			.strongReference(true)
			.register(this.registry);
	}

	private DestinationMeters meters(String destination) {
		return this.meters.computeIfAbsent(destination, this::createMeters);
	}

	private DestinationMeters createMeters(String destination) {
		Tags destinationTags = this.tags.and("destination", destination);
		Map<Outcome, Timer> process = new EnumMap<>(Outcome.class);
		if (this.timesProcessing) {
			for (Outcome outcome : Outcome.values()) {
				process.put(outcome, Timer.builder("redis.messaging.process")
					.description("Time the listener took to handle a message")
					.tags(destinationTags.and("outcome", outcome.tag()))
					.register(this.registry));
			}
		}
		return new DestinationMeters(
				Counter.builder("redis.messaging.received")
					.description("Messages taken from Redis")
					.tags(destinationTags)
					.register(this.registry),
				process, this.dropsMessages ? Counter.builder("redis.messaging.dropped")
					.description("Messages dropped before reaching the listener because its buffer was full")
					.tags(destinationTags)
					.register(this.registry) : null);
	}

	/**
	 * The meters of one destination; {@code process} empty while observations time handling, {@code dropped} only
	 * for subscribers, the only listeners that drop messages.
	 */
	private record DestinationMeters(Counter received, Map<Outcome, Timer> process, @Nullable Counter dropped) {
	}

}

package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.metrics.MessagingObservations;
import io.github.redismessaging.stream.StreamRecord;
import io.github.redismessaging.stream.Trim;

final class DefaultRedisMessagingTemplate implements RedisMessagingTemplate {

	private final RedisConnections connections;

	private final PayloadCodec codec;

	/** Every stream operation, to a plain stream or to a partitioned one's partitions. */
	private final PartitionRouting streams;

	private final QueueOperations queues;

	private final QueueInspection queueInspection;

	private final QueuePauses queuePauses;

	private final RecurringJobs recurringJobs;

	private final MessagingObservations observations;

	/** The durability of the writes that are given none. */
	private final Durability durability;

	DefaultRedisMessagingTemplate(RedisConnections connections, PayloadCodec codec, KeyNames keys,
			MessagingObservations observations, Durability durability) {
		this.connections = connections;
		this.codec = codec;
		this.streams = new PartitionRouting(connections, codec, keys);
		this.queues = new QueueOperations(connections, codec, keys);
		this.queueInspection = new QueueInspection(connections, keys);
		this.queuePauses = new QueuePauses(connections, keys);
		this.observations = observations;
		Assert.notNull(durability, "durability must not be null");
		this.durability = durability;
		this.recurringJobs = new RecurringJobs(connections, codec, keys, this.queues, durability);
	}

	@Override
	public long publish(String channel, Object payload) {
		return Futures.await(this.connections.commands().publish(name(channel), encode(payload)));
	}

	@Override
	public long publishSharded(String channel, Object payload) {
		return Futures.await(this.connections.commands().spublish(name(channel), encode(payload)));
	}

	@Override
	public String append(String stream, Object payload, Map<String, String> headers, Trim trim) {
		return append(stream, payload, headers, trim, this.durability);
	}

	@Override
	public String append(String stream, Object payload, Map<String, String> headers, @Nullable Trim trim,
			Durability durability) {
		Assert.hasText(stream, "stream must not be empty");
		Assert.notNull(payload, "payload must not be null");
		Assert.notNull(durability, "durability must not be null");
		Map<String, String> carried = new LinkedHashMap<>(headers);
		return observed("stream", stream, carried,
				() -> this.streams.append(stream, payload, carried, trim, durability));
	}

	@Override
	public String append(String stream, Object payload, Map<String, String> headers, @Nullable Trim trim,
			AppendOptions options) {
		Assert.hasText(stream, "stream must not be empty");
		Assert.notNull(payload, "payload must not be null");
		Assert.notNull(options, "options must not be null");
		Map<String, String> carried = new LinkedHashMap<>(headers);
		return observed("stream", stream, carried,
				() -> this.streams.appendIdempotent(stream, payload, carried, trim, options, this.durability));
	}

	@Override
	public StreamPartitions partitionStream(String stream, int partitions) {
		return this.streams.declare(stream, partitions);
	}

	@Override
	public <T> List<StreamRecord<T>> range(String stream, String from, String to, int count, Class<T> payloadType) {
		return this.streams.range(stream, from, to, count, payloadType, false);
	}

	@Override
	public <T> List<StreamRecord<T>> reverseRange(String stream, String from, String to, int count,
			Class<T> payloadType) {
		return this.streams.range(stream, from, to, count, payloadType, true);
	}

	@Override
	public List<DeadLetter> deadLetters(String stream, String afterId, int count) {
		return this.streams.deadLetters(stream, afterId, count);
	}

	@Override
	public int replayDeadLetters(String name, int count) {
		Assert.isTrue(count > 0, "count must be positive");
		return this.queues.hasListDeadLetters(name) ? this.queues.replay(name, count)
				: this.streams.replay(name, count);
	}

	@Override
	public int replayDeadLetters(String stream, Collection<String> deadLetterIds) {
		return deadLetterIds.isEmpty() ? 0 : this.streams.replay(stream, deadLetterIds);
	}

	@Override
	public int deleteDeadLetters(String name, Collection<String> ids) {
		return this.streams.deleteDeadLetters(name, ids);
	}

	@Override
	public List<PendingEntry> pending(String stream, String group, @Nullable String consumer, int count) {
		return this.streams.pending(stream, group, consumer, count);
	}

	@Override
	public List<String> claim(String stream, String group, String consumer, Duration minIdle, Collection<String> ids) {
		return this.streams.claim(stream, group, consumer, minIdle, ids);
	}

	@Override
	public int deadLetter(String stream, String group, Collection<String> ids, String reason) {
		return this.streams.deadLetter(stream, group, ids, reason);
	}

	@Override
	public Optional<StreamInfo> info(String stream) {
		return this.streams.info(stream);
	}

	@Override
	public String enqueue(String queue, Object payload, Map<String, String> headers) {
		return enqueue(queue, payload, headers, this.durability);
	}

	@Override
	public String enqueue(String queue, Object payload, Map<String, String> headers, Durability durability) {
		Assert.hasText(queue, "queue must not be empty");
		Assert.notNull(payload, "payload must not be null");
		Assert.notNull(durability, "durability must not be null");
		Map<String, String> carried = new LinkedHashMap<>(headers);
		return observed("queue", queue, carried, () -> this.queues.enqueue(queue, payload, carried, durability));
	}

	@Override
	public EnqueueResult enqueue(String queue, Object payload, Map<String, String> headers, EnqueueOptions options) {
		Assert.hasText(queue, "queue must not be empty");
		Assert.notNull(payload, "payload must not be null");
		Assert.notNull(options, "options must not be null");
		Map<String, String> carried = new LinkedHashMap<>(headers);
		return observed("queue", queue, carried,
				() -> this.queues.enqueueUnique(queue, payload, carried, null, options, this.durability));
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads) {
		return enqueueAll(queue, payloads, this.durability);
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads, Durability durability) {
		Assert.notNull(durability, "durability must not be null");
		return this.queues.enqueueAll(queue, payloads, durability);
	}

	@Override
	public boolean enqueueIfExists(String queue, Object payload) {
		return this.queues.enqueueIfExists(queue, payload);
	}

	@Override
	public String enqueueDelayed(String queue, Object payload, Instant at) {
		return enqueueDelayed(queue, payload, at, this.durability);
	}

	@Override
	public String enqueueDelayed(String queue, Object payload, Instant at, Durability durability) {
		Assert.notNull(durability, "durability must not be null");
		return this.queues.enqueueAt(queue, payload, at, durability);
	}

	@Override
	public EnqueueResult enqueueDelayed(String queue, Object payload, Instant at, EnqueueOptions options) {
		Assert.hasText(queue, "queue must not be empty");
		Assert.notNull(payload, "payload must not be null");
		Assert.notNull(at, "at must not be null");
		Assert.notNull(options, "options must not be null");
		return this.queues.enqueueUnique(queue, payload, Map.of(), at, options, this.durability);
	}

	@Override
	public long queueSize(String queue) {
		return this.queues.size(queue);
	}

	@Override
	public <T> List<T> peek(String queue, int count, Class<T> payloadType) {
		return this.queues.peek(queue, count, payloadType);
	}

	@Override
	public List<DeadLetter> queueDeadLetters(String queue, int offset, int count) {
		return this.queues.deadLetters(queue, offset, count);
	}

	@Override
	public List<DelayedItem> delayed(String queue, int count) {
		return this.queueInspection.delayed(queue, count);
	}

	@Override
	public List<QueueLease> leases(String queue, int count) {
		return this.queueInspection.leases(queue, count);
	}

	@Override
	public void pauseQueue(String queue) {
		this.queuePauses.pause(queue);
	}

	@Override
	public boolean resumeQueue(String queue) {
		return this.queuePauses.resume(queue);
	}

	@Override
	public boolean isQueuePaused(String queue) {
		return this.queuePauses.isPaused(queue);
	}

	@Override
	public void schedule(String name, String queue, Object payload, Schedule schedule) {
		this.recurringJobs.schedule(name, queue, payload, schedule);
	}

	@Override
	public List<ScheduledJob> schedules() {
		return this.recurringJobs.schedules();
	}

	@Override
	public boolean unschedule(String name) {
		return this.recurringJobs.unschedule(name);
	}

	@Override
	public int fireDueSchedules() {
		return this.recurringJobs.fireDue();
	}

	private <T> T observed(String kind, String destination, Map<String, String> headers, Supplier<T> send) {
		Observation observation = this.observations.startSend(kind, destination, headers);
		try {
			return send.get();
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private static byte[] name(String channel) {
		Assert.hasText(channel, "channel must not be empty");
		return channel.getBytes(StandardCharsets.UTF_8);
	}

	private byte[] encode(Object payload) {
		Assert.notNull(payload, "payload must not be null");
		return this.codec.encode(payload);
	}

}

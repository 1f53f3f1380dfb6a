package io.github.redismessaging.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.lettuce.core.ScriptOutputType;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.support.ThrottledLog;

/**
 * Recurring jobs: stores schedules in Redis and turns their due ticks into jobs, exactly one per tick however many
 * instances fire them. Two keys in one hash slot hold every schedule: {@code {schedules}:due}, a sorted set of
 * schedule name → next tick in epoch milliseconds, and {@code {schedules}:definitions}, a hash of schedule name →
 * JSON definition ({@code queue}, {@code payload} in Base64, {@code everyMillis} or {@code cron} and {@code zone},
 * {@code lastTick}). With a key prefix they become {@code {billing:schedules}:…}.
 * <p>
 * How a tick becomes a job, on every instance, every run of {@link #fireDue()}:
 * <ol>
 * <li><b>Find.</b> One script ({@code DUE}) reads Redis {@code TIME} and the schedules due by it (ZRANGEBYSCORE
 * {@code -inf} now, up to {@value #BATCH} at a time) with their definitions, so the instances' clocks do not
 * matter.</li>
 * <li><b>Plan.</b> The tick fired is the stored due time; when the tick after it is already past (no instance ran
 * for longer than a period), the tick fired is instead the latest tick at or before now: after any downtime, one
 * catch-up job, never one per missed tick. The next due time is the tick after the one fired, so it is in the
 * future.</li>
 * <li><b>Enqueue.</b> The job is enqueued first, once per tick: with a marker {@code schedule:<name>:<tick ms>}
 * ({@code {queue}:unique:…}, set in the same script as the push) that the job does not carry, so that finishing
 * it does not free the marker; it lasts until the next tick and a minute more. An instance that finds the marker
 * adds nothing. The headers {@link Schedule#NAME_HEADER} and {@link Schedule#TICK_HEADER} name the schedule and
 * the tick.</li>
 * <li><b>Claim.</b> Then one script ({@code CLAIM}) on the schedule keys is a compare-and-set: only while the
 * schedule's due time and definition are still those that were read does it move the due time to the next tick and
 * record the fired tick as {@code lastTick}. Of N instances that read the same due schedule, one wins.</li>
 * <li><b>Failures.</b> The queue may live in another cluster slot than the schedule keys, so the two steps cannot be
 * one script; their order makes a failure between them harmless. An enqueue that fails (Redis down, the queue a key
 * of another type) claims nothing: the tick stays due and is fired again on the next run. An instance that dies
 * after the enqueue and before the claim leaves the tick due too; the next run finds the marker, adds no second
 * job, and claims. So each tick gets exactly one job, as long as some instance runs again before its marker
 * expires (the next tick and a minute), and never two. A schedule replaced between the read and the enqueue may
 * fire its tick once with the old definition; the claim then fails, and the next tick uses the new one.</li>
 <li><b>Damaged schedules.</b> A due time without a definition is removed. A definition that cannot be read is
 * logged and its due time moved a minute on, so that it never holds back the schedules after it.</li>
 * </ol>
 */
final class RecurringJobs {

	private static final Log logger = LogFactory.getLog(RecurringJobs.class);

	private static final JsonMapper MAPPER = JsonMapper.shared();

	/** The most due schedules one script reads. */
	static final int BATCH = 100;

	/** The most batches one run fires, so that a run ends even if schedules keep falling due. */
	private static final int MAX_BATCHES = 10;

	/** The longest schedule name, so that the unique key of its jobs stays within {@link Arguments#MAX_KEY_LENGTH}. */
	static final int MAX_NAME_LENGTH = 256;

	/** How much longer than until the next tick a tick's marker is kept. */
	private static final Duration MARKER_MARGIN = Duration.ofMinutes(1);

	/** How far a definition that cannot be read is moved on. */
	private static final Duration DAMAGED_DELAY = Duration.ofMinutes(1);

	/** KEYS: due set, definitions. ARGV: name, definition, first tick ms. Adds or replaces a schedule. */
	private static final RedisScript SAVE = new RedisScript("""
			redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
			redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
			return 1
			""");

	/** KEYS: due set, definitions. ARGV: name. Removes a schedule; returns 1 if it existed. */
	private static final RedisScript REMOVE = new RedisScript("""
			local removed = redis.call('ZREM', KEYS[1], ARGV[1])
			return math.max(removed, redis.call('HDEL', KEYS[2], ARGV[1]))
			""");

	/**
	 * KEYS: due set, definitions. ARGV: most schedules, how many due ones to skip. Returns {now ms by Redis TIME, {name, due ms, definition or
	 * false, ...}} for the schedules due by now, soonest first.
	 */
	private static final RedisScript DUE = new RedisScript("""
			local t = redis.call('TIME')
			local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now), 'WITHSCORES', 'LIMIT',
			  tonumber(ARGV[2]), tonumber(ARGV[1]))
			local found = {}
			for i = 1, #due, 2 do
			  found[#found + 1] = due[i]
			  found[#found + 1] = string.format('%d', tonumber(due[i + 1]))
			  found[#found + 1] = redis.call('HGET', KEYS[2], due[i])
			end
			return { now, found }
			""");

	/**
	 * KEYS: due set, definitions. ARGV: name, expected due ms, expected definition ('' for none), next due ms ('' for
	 * none), new definition ('' for none). Compare-and-set: unless the due time and the definition are still those
	 * expected, returns 0 and changes nothing; otherwise moves the due time (or removes it) and writes the definition
	 * (or removes it), and returns 1.
	 */
	private static final RedisScript CLAIM = new RedisScript("""
			local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
			if not due or tonumber(due) ~= tonumber(ARGV[2]) then return 0 end
			if (redis.call('HGET', KEYS[2], ARGV[1]) or '') ~= ARGV[3] then return 0 end
			if ARGV[4] == '' then
			  redis.call('ZREM', KEYS[1], ARGV[1])
			else
			  redis.call('ZADD', KEYS[1], 'XX', ARGV[4], ARGV[1])
			end
			if ARGV[5] == '' then
			  redis.call('HDEL', KEYS[2], ARGV[1])
			else
			  redis.call('HSET', KEYS[2], ARGV[1], ARGV[5])
			end
			return 1
			""");

	/** KEYS: due set, definitions. Returns {name, definition, due ms or false, ...} for every schedule. */
	private static final RedisScript LIST = new RedisScript("""
			local definitions = redis.call('HGETALL', KEYS[2])
			local found = {}
			for i = 1, #definitions, 2 do
			  local due = redis.call('ZSCORE', KEYS[1], definitions[i])
			  found[#found + 1] = definitions[i]
			  found[#found + 1] = definitions[i + 1]
			  found[#found + 1] = due and string.format('%d', tonumber(due)) or false
			end
			return found
			""");

	private final RedisConnections connections;

	private final PayloadCodec codec;

	private final QueueOperations queues;

	private final Durability durability;

	private final byte[][] keys;

	private final ThrottledLog throttled = new ThrottledLog(logger, Duration.ofSeconds(10));

	RecurringJobs(RedisConnections connections, PayloadCodec codec, KeyNames keys, QueueOperations queues,
			Durability durability) {
		this.connections = connections;
		this.codec = codec;
		this.queues = queues;
		this.durability = durability;
		this.keys = new byte[][] { bytes(keys.companion("schedules", "due")),
				bytes(keys.companion("schedules", "definitions")) };
	}

	void schedule(String name, String queue, Object payload, Schedule schedule) {
		Arguments.name(name, "schedule name");
		if (name.length() > MAX_NAME_LENGTH) {
			throw new IllegalArgumentException("schedule name must be at most " + MAX_NAME_LENGTH + " characters, not "
					+ name.length());
		}
		Arguments.name(queue, "queue");
		if (payload == null || schedule == null) {
			throw new IllegalArgumentException("payload and schedule must not be null");
		}
		Instant first = schedule.first(Instant.now());
		if (first == null) {
			throw new IllegalArgumentException("schedule " + schedule + " has no tick left");
		}
		Definition definition = new Definition(queue, this.codec.encode(payload), schedule, null);
		Futures.await(SAVE.run(this.connections.commands(), ScriptOutputType.INTEGER, this.keys, bytes(name),
				definition.write(), ascii(first.toEpochMilli())));
	}

	boolean unschedule(String name) {
		Arguments.name(name, "schedule name");
		Long removed = Futures.await(
				REMOVE.<Long>run(this.connections.commands(), ScriptOutputType.INTEGER, this.keys, bytes(name)));
		return removed == 1L;
	}

	List<ScheduledJob> schedules() {
		List<Object> found = Futures
			.await(LIST.<List<Object>>run(this.connections.commands(), ScriptOutputType.MULTI, this.keys));
		List<ScheduledJob> jobs = new ArrayList<>();
		for (int i = 0; i + 2 < found.size(); i += 3) {
			String name = text(found.get(i));
			try {
				Definition definition = Definition.read((byte[]) found.get(i + 1));
				Instant next = (found.get(i + 2) instanceof byte[] due) ? Instant.ofEpochMilli(millis(due)) : null;
				jobs.add(new ScheduledJob(name, definition.queue(), definition.payload(), definition.schedule(), next,
						definition.lastTick()));
			}
			catch (IllegalArgumentException ex) {
				this.throttled.warn("list:" + name, "Schedule '" + name + "' cannot be read and is left out: " + ex);
			}
		}
		return jobs;
	}

	/**
	 * Fires the schedules that are due, as the class describes.
	 * @return how many jobs were enqueued
	 */
	int fireDue() {
		int fired = 0;
		int failed = 0;
		for (int batch = 0; batch < MAX_BATCHES && !Thread.currentThread().isInterrupted(); batch++) {
			// Schedules that failed stay due where they are: the next batch reads past them, not the same ones again.
			List<Object> reply = Futures.await(DUE.<List<Object>>run(this.connections.commands(),
					ScriptOutputType.MULTI, this.keys, ascii(BATCH), ascii(failed)));
			Instant now = Instant.ofEpochMilli((Long) reply.get(0));
			List<?> due = (List<?>) reply.get(1);
			for (int i = 0; i + 2 < due.size(); i += 3) {
				byte[] name = (byte[]) due.get(i);
				byte[] definition = (due.get(i + 2) instanceof byte[] stored) ? stored : null;
				try {
					fired += fire(name, millis((byte[]) due.get(i + 1)), definition, now);
					this.throttled.reset("fire:" + text(name));
				}
				catch (RuntimeException ex) {
					failed++;
					this.throttled.warn("fire:" + text(name),
							"Schedule '" + text(name) + "' could not be fired: " + ex);
				}
			}
			if (due.size() < BATCH * 3) {
				break;
			}
		}
		return fired;
	}

	private int fire(byte[] name, long dueMillis, byte @Nullable [] stored, Instant now) {
		if (stored == null) {
			claim(name, dueMillis, new byte[0], null, new byte[0]);
			return 0;
		}
		Definition definition;
		try {
			definition = Definition.read(stored);
		}
		catch (IllegalArgumentException ex) {
			claim(name, dueMillis, stored, now.plus(DAMAGED_DELAY), stored);
			throw ex;
		}
		Schedule schedule = definition.schedule();
		Instant tick = Instant.ofEpochMilli(dueMillis);
		Instant next = schedule.next(tick);
		if (next != null && !next.isAfter(now)) {
			tick = schedule.latestAtOrBefore(tick, now);
			next = schedule.next(tick);
		}
		boolean enqueued = enqueue(text(name), definition, tick, next);
		claim(name, dueMillis, stored, next, definition.withLastTick(tick).write());
		return enqueued ? 1 : 0;
	}

	private boolean claim(byte[] name, long dueMillis, byte[] expected, @Nullable Instant next, byte[] replacement) {
		Long claimed = Futures.await(CLAIM.<Long>run(this.connections.commands(), ScriptOutputType.INTEGER, this.keys,
				name, ascii(dueMillis), expected, (next != null) ? ascii(next.toEpochMilli()) : new byte[0],
				replacement));
		return claimed == 1L;
	}

	/**
	 * Enqueues the tick's job, unless its marker shows it was enqueued already (by another instance, or by this one
	 * before a lost reply or a crash before the claim). The marker outlives the time until the next tick by
	 * {@link #MARKER_MARGIN}, so that no instance can fire the tick again while it could still be due.
	 * @return whether this call added the job
	 */
	private boolean enqueue(String name, Definition definition, Instant tick, @Nullable Instant next) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(Schedule.NAME_HEADER, name);
		headers.put(Schedule.TICK_HEADER, tick.toString());
		Duration untilNext = (next != null) ? Duration.between(tick, next) : Duration.ZERO;
		Duration kept = untilNext.plus(MARKER_MARGIN);
		EnqueueOptions marker = EnqueueOptions.unique("schedule:" + name + ":" + tick.toEpochMilli())
			.ttl((kept.compareTo(EnqueueOptions.MAX_TTL) > 0) ? EnqueueOptions.MAX_TTL : kept);
		return this.queues.enqueueOnce(definition.queue(), definition.payload(), headers, marker, this.durability)
			.enqueued();
	}

	private static long millis(byte[] text) {
		try {
			return Long.parseLong(text(text));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("due time '" + text(text) + "' is not epoch milliseconds", ex);
		}
	}

	private static String text(Object bytes) {
		return new String((byte[]) bytes, StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] ascii(long number) {
		return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * A schedule's stored definition.
	 */
	private record Definition(String queue, byte[] payload, Schedule schedule, @Nullable Instant lastTick) {

		Definition withLastTick(Instant tick) {
			return new Definition(this.queue, this.payload, this.schedule, tick);
		}

		byte[] write() {
			ObjectNode node = MAPPER.createObjectNode();
			node.put("queue", this.queue);
			node.put("payload", Base64.getEncoder().encodeToString(this.payload));
			this.schedule.write(node);
			if (this.lastTick != null) {
				node.put("lastTick", this.lastTick.toEpochMilli());
			}
			return MAPPER.writeValueAsBytes(node);
		}

		/**
		 * Reads a definition from Redis, where anything may have been written.
		 * @throws IllegalArgumentException if it is not a valid definition
		 */
		static Definition read(byte[] stored) {
			JsonNode node;
			try {
				node = MAPPER.readTree(stored);
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException("the definition is not JSON: " + ex.getOriginalMessage(), ex);
			}
			if (node == null || !node.isObject()) {
				throw new IllegalArgumentException("the definition is not a JSON object");
			}
			JsonNode queue = node.get("queue");
			JsonNode payload = node.get("payload");
			if (queue == null || !queue.isString() || queue.asString().isBlank() || payload == null
					|| !payload.isString()) {
				throw new IllegalArgumentException("the definition lacks a 'queue' or a 'payload'");
			}
			JsonNode lastTick = node.get("lastTick");
			if (lastTick != null && (!lastTick.isIntegralNumber() || !lastTick.canConvertToLong()
					|| lastTick.asLong() < 0)) {
				throw new IllegalArgumentException("'lastTick' is not epoch milliseconds: " + lastTick);
			}
			return new Definition(queue.asString(), Base64.getDecoder().decode(payload.asString()),
					Schedule.read(node), (lastTick != null) ? Instant.ofEpochMilli(lastTick.asLong()) : null);
		}

	}

}

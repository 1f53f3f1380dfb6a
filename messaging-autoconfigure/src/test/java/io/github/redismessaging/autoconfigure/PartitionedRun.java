package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.models.stream.PendingMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.redismessaging.autoconfigure.PartitionConsumer.Item;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.stream.StreamFields;

/**
 * One run of a {@link PartitionedStreamClusterIT} test: its names (the stream {@code it.part.<test>.<random>} of
 * {@value #PARTITIONS} partitions, and the bookkeeping keys {@code {<run>}:...} of {@link PartitionConsumer}), the
 * settings of its consumers, and what Redis holds for it, read through the test's own connection. Where an item is
 * asked for, it is by the id in its payload, which is unique across partitions (entry ids are not).
 */
final class PartitionedRun {

	static final int PARTITIONS = 12;

	static final Duration LEASE = Duration.ofSeconds(3);

	static final String GROUP = "billing";

	private static final JsonMapper JSON = JsonMapper.shared();

	private final String name;

	private final RawRedis redis;

	private final StreamPartitions partitions;

	private final long startNanos = System.nanoTime();

	private PartitionedRun(String name, RawRedis redis) {
		this.name = name;
		this.redis = redis;
		this.partitions = StreamPartitions.of(KeyNames.NO_PREFIX, name, PARTITIONS);
	}

	static PartitionedRun of(String test, RawRedis redis) {
		return new PartitionedRun("it.part." + test + "." + UUID.randomUUID().toString().substring(0, 8), redis);
	}

	String name() {
		return this.name;
	}

	/** Milliseconds since the run began, for the line a test prints. */
	long millis() {
		return CrashTestSupport.millisSince(this.startNanos);
	}

	/** The logical stream. */
	String stream() {
		return this.name;
	}

	StreamPartitions partitions() {
		return this.partitions;
	}

	String members() {
		return "{" + stream() + "}:members:" + GROUP;
	}

	/** A bookkeeping key, in the run's slot. */
	String key(String suffix) {
		return "{" + this.name + "}:" + suffix;
	}

	/** The settings of a consumer of this run, instance name included. */
	Map<String, String> settings(String instance) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("part.run", this.name);
		settings.put("part.instance", instance);
		settings.put("part.stream", stream());
		settings.put("part.group", GROUP);
		settings.put("part.partitions", Integer.toString(PARTITIONS));
		settings.put("part.lease", LEASE.toSeconds() + "s");
		return settings;
	}

	// ---- what Redis holds

	/** Successful handlings per item id. */
	Map<String, Long> processed() {
		return hash("processed");
	}

	/** A bookkeeping hash of counts, such as {@code violations} or {@code redeliveries}. */
	Map<String, Long> hash(String suffix) {
		Map<String, Long> values = new HashMap<>();
		this.redis.commands().hgetall(key(suffix)).forEach((field, value) -> values.put(field, Long.parseLong(value)));
		return values;
	}

	/** Successful handlings of an instance. */
	long handled(String instance) {
		String count = this.redis.commands().hget(key("instances"), instance);
		return (count != null) ? Long.parseLong(count) : 0;
	}

	/** Dead-lettered items of every partition: item id → reason. */
	Map<String, String> deadLetters() {
		Map<String, String> deadLetters = new HashMap<>();
		deadLetterMessages().forEach((message) -> deadLetters.put(itemId(message),
				message.getBody().get(DeadLetterFields.REASON)));
		return deadLetters;
	}

	/** How often each item was dead-lettered. */
	Map<String, Long> deadLetterCounts() {
		return deadLetterMessages().stream()
			.collect(Collectors.groupingBy(PartitionedRun::itemId, Collectors.counting()));
	}

	private List<StreamMessage<String, String>> deadLetterMessages() {
		List<StreamMessage<String, String>> messages = new ArrayList<>();
		for (String key : this.partitions.keys()) {
			messages.addAll(this.redis.commands().xrange(KeyNames.NO_PREFIX.deadLetter(key), Range.create("-", "+")));
		}
		return messages;
	}

	/** The ids of the items the partitions hold. */
	Set<String> kept() {
		Set<String> kept = new HashSet<>();
		for (String key : this.partitions.keys()) {
			this.redis.commands().xrange(key, Range.create("-", "+")).forEach((message) -> kept.add(itemId(message)));
		}
		return kept;
	}

	private static String itemId(StreamMessage<String, String> message) {
		JsonNode payload = JSON.readTree(message.getBody().get(StreamFields.PAYLOAD));
		return payload.path("id").asString();
	}

	/** Pending entries per partition; -1 where the group cannot be read (not created yet). */
	Map<String, Long> pendingPerPartition() {
		Map<String, Long> pending = new LinkedHashMap<>();
		for (String key : this.partitions.keys()) {
			try {
				pending.put(key, this.redis.commands().xpending(key, GROUP).getCount());
			}
			catch (RuntimeException ex) {
				pending.put(key, -1L);
			}
		}
		return pending;
	}

	/** Entries pending for one consumer over all partitions. */
	long pendingOf(String consumer) {
		long pending = 0;
		for (String key : this.partitions.keys()) {
			try {
				pending += this.redis.commands()
					.xpending(key, GROUP)
					.getConsumerMessageCount()
					.getOrDefault(consumer, 0L);
			}
			catch (RuntimeException ex) {
				// no group yet
			}
		}
		return pending;
	}

	/** The consumer an entry is pending for, {@code null} once it is acknowledged. */
	String pendingConsumer(Written written) {
		return this.redis.commands()
			.xpending(written.partition(), GROUP, Range.create(written.entryId(), written.entryId()), Limit.from(1))
			.stream()
			.map(PendingMessage::getConsumer)
			.findFirst()
			.orElse(null);
	}

	/** The owner of each partition's lease ({@code <consumer>@<token>}), {@code null} where none. */
	List<String> owners() {
		List<String> owners = new ArrayList<>();
		for (String key : this.partitions.keys()) {
			owners.add(this.redis.commands().get(key + ":owner:" + GROUP));
		}
		return owners;
	}

	/** How many partitions each consumer holds. */
	Map<String, Long> ownership() {
		return owners().stream()
			.filter((owner) -> owner != null)
			.collect(Collectors.groupingBy(PartitionedRun::consumerOf, TreeMap::new, Collectors.counting()));
	}

	/**
	 * The consumer name in a lease owner.
	 * @param owner {@code <consumer>@<token of the listener's run>}, or empty
	 * @return the consumer name
	 */
	static String consumerOf(String owner) {
		int at = owner.lastIndexOf('@');
		return (at >= 0) ? owner.substring(0, at) : owner;
	}

	/** Every produced item processed or dead-lettered, and nothing pending. */
	boolean settled(Map<String, Written> produced) {
		if (pendingPerPartition().values().stream().anyMatch((count) -> count != 0)) {
			return false;
		}
		Set<String> covered = new HashSet<>(processed().keySet());
		covered.addAll(deadLetters().keySet());
		return covered.containsAll(produced.keySet());
	}

	/** Where an item was appended. */
	record Written(Item item, String partition, String entryId) {
	}

	/**
	 * Appends items through the template with their key ({@code appendKeyed}), in a background thread: one every
	 * {@code paceMillis} until {@link #finish()}, and at least {@code minimum}. The stream is partitioned first
	 * ({@code partitionStream}). An append that fails is tried again with the same item until Redis acknowledges it;
	 * only acknowledged items count as produced.
	 */
	static final class Producer extends BackgroundProducer {

		private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

		final Map<String, Written> produced = new ConcurrentHashMap<>();

		private final PartitionedRun run;

		private final RedisMessagingTemplate template;

		private final Supplier<Item> items;

		Producer(PartitionedRun run, RedisMessagingTemplate template, Supplier<Item> items, int minimum,
				long paceMillis) {
			super("partition-producer", "appending", minimum, paceMillis);
			this.run = run;
			this.template = template;
			this.items = items;
			template.partitionStream(run.stream(), PARTITIONS);
			start();
		}

		@Override
		protected void produce(int n) {
			Item item = this.items.get();
			String entryId = null;
			while (entryId == null && !closed()) {
				try {
					entryId = this.template.appendKeyed(this.run.stream(), item.key(), item);
				}
				catch (RuntimeException ex) {
					// not acknowledged (a failover): append the same item again, a little later
					LockSupport.parkNanos(RETRY_NANOS);
				}
			}
			if (entryId != null) {
				this.produced.put(item.id(), new Written(item, this.run.partitions().keyFor(item.key()), entryId));
			}
		}

	}

}

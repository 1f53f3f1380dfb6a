package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import io.github.redismessaging.autoconfigure.PartitionConsumer.Item;
import io.github.redismessaging.autoconfigure.PartitionedRun.Producer;
import io.github.redismessaging.autoconfigure.PartitionedRun.Written;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.listener.ListenerStatus;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.ClusterNode;
import io.github.redismessaging.test.RedisCluster;
import io.github.redismessaging.test.SharedRedis;

import static io.github.redismessaging.autoconfigure.CrashTestSupport.awaitQuietly;
import static io.github.redismessaging.autoconfigure.CrashTestSupport.duplicates;
import static io.github.redismessaging.autoconfigure.CrashTestSupport.millisSince;
import static io.github.redismessaging.autoconfigure.PartitionedRun.LEASE;
import static io.github.redismessaging.autoconfigure.PartitionedRun.PARTITIONS;
import static io.github.redismessaging.autoconfigure.PartitionedRun.consumerOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Partitioned streams ({@code @StreamListener(partitions = "12", ordering = "KEY", concurrency = "8")}) on the real
 * 6-node cluster, under faults: spread over the masters, key order under concurrency, rebalancing when instances
 * join, stop and crash, fencing of a paused instance, a master failover, and the migration of a partition's slot to
 * another master. Every verdict is read from what Redis holds, by item id.
 * <p>
 * <b>Set-up.</b> The shared cluster of {@link SharedRedis}. Each test has a {@link PartitionedRun} of its own, which
 * names its stream (12 partitions) and, as a hash tag, its bookkeeping keys ({@code {<run>}:...}, one slot).
 * Consumers run {@link PartitionConsumer}: as separate JVMs ({@link PartitionConsumerJvms}) where they are stopped,
 * killed or paused, and as Spring contexts in this JVM otherwise. Each entry's payload is an {@link Item}: an id
 * unique across partitions, a record key and its number within the key. A {@link Producer} appends them through the
 * template with their key ({@code appendKeyed}), which routes them to the key's partition. The listener records each
 * successful handling in Redis in one script that also checks the key order: {@code processed} (id → handlings),
 * {@code violations} (key → items handled after a later one of their key), {@code redeliveries} (instance → items
 * of a number already handled). Items whose key starts with {@code poison} always fail and must be dead-lettered
 * (20 deliveries, in process, 20 ms apart).
 * <p>
 * <b>Verdicts</b> ({@link #verify}). Produced = processed ∪ dead-lettered, processed ∩ dead-lettered = ∅,
 * dead-lettered = the failing items, no partition with pending entries, and no violation of the key order.
 * Duplicates (handlings beyond the first) and redeliveries are printed, not asserted: at least once allows them.
 * <p>
 * Short timeouts keep the class fast: a 3 s partition lease (rounds every second), claims after 2 s idle. Each test
 * prints one line with its numbers.
 */
class PartitionedStreamClusterIT {

	private static final int KEYS = 1_000;

	/**
	 * How many keys the order test appends together, their 20 items round by round: about 4 keys per partition, so
	 * that items of one key are a few entries apart and several of them would be in hand at once without the order.
	 */
	private static final int KEYS_TOGETHER = 50;

	/** One item in this many is poison. */
	private static final int POISON_EVERY = 1_000;

	private static final RedisCluster cluster = SharedRedis.cluster();

	@AutoClose
	private static final RawRedis redis = RawRedis.of(cluster);

	/**
	 * 12 partitions spread over the 3 masters (3 to 5 each, by the slot of each key), and 30,000 appends with random
	 * keys through the template spread over them: each master's XADD calls ({@code INFO commandstats}, before and
	 * after) are within 0.8 and 1.25 times the mean.
	 */
	@Test
	void partitionsAndAppendsAreSpreadOverTheMasters() {
		PartitionedRun run = PartitionedRun.of("spread", redis);
		StreamPartitions partitions = run.partitions();
		Map<String, List<String>> byMaster = new TreeMap<>();
		for (ClusterNode master : cluster.masters()) {
			byMaster.put(master.address(), new ArrayList<>());
		}
		for (String key : partitions.keys()) {
			byMaster.get(cluster.masterForKey(key).address()).add(key);
		}
		Map<String, Integer> counts = new TreeMap<>();
		byMaster.forEach((master, keys) -> counts.put(master, keys.size()));
		assertThat(counts).hasSize(3);
		assertThat(counts.values()).as("partitions per master " + byMaster)
			.allSatisfy((count) -> assertThat(count).isBetween(3, 5));
		MessagingContextRunners.cluster().run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			assertThat(template.partitionStream(run.stream(), PARTITIONS).keys()).isEqualTo(partitions.keys());
			Map<String, Long> before = xaddCalls();
			Random random = new Random(15);
			for (int n = 0; n < 30_000; n++) {
				String key = "k-" + random.nextInt(KEYS);
				template.appendKeyed(run.stream(), key, new Item("i-" + n, key, 1));
			}
			Map<String, Long> after = xaddCalls();
			Map<String, Long> delta = new TreeMap<>();
			after.forEach((master, calls) -> delta.put(master, calls - before.getOrDefault(master, 0L)));
			double mean = delta.values().stream().mapToLong(Long::longValue).sum() / (double) delta.size();
			Map<String, Long> entries = new TreeMap<>();
			byMaster.forEach((master, keys) -> entries.put(master,
					keys.stream().mapToLong((key) -> redis.commands().xlen(key)).sum()));
			System.out.println("PartitionedStreamClusterIT spread: partitions per master " + counts
					+ ", XADD calls per master " + delta + " (mean " + Math.round(mean) + "), entries per master "
					+ entries + ", " + run.millis() + " ms");
			assertThat(entries.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30_000);
			assertThat(delta).hasSize(3);
			assertThat(delta.values()).as("XADD calls per master " + delta)
				.allSatisfy((calls) -> assertThat((double) calls).isBetween(0.8 * mean, 1.25 * mean));
		});
	}

	/**
	 * Two instances (contexts in this JVM, consumers {@code a} and {@code b}), 8 workers per partition, ordering by
	 * key: 1,000 keys × 20 items, appended {@value #KEYS_TOGETHER} keys at a time, round by round in a shuffled key
	 * order, so that items of one key are a few entries apart in their partition. Every key's items are handled in
	 * order, and none is lost. (With {@code ordering = NONE} dozens of keys are handled out of order.) The listener
	 * status shows the ownership.
	 */
	@Test
	void keyOrderHoldsUnderConcurrency() {
		PartitionedRun run = PartitionedRun.of("order", redis);
		inJvm(run, "a").run((a) -> inJvm(run, "b").run((b) -> {
			awaitOwnership(run, Map.of("a", 6L, "b", 6L), LEASE.multipliedBy(3));
			// the status follows the leases in Redis: an instance counts a partition once its container runs
			await().atMost(LEASE).untilAsserted(() -> assertThat(List.of(status(a), status(b))).allSatisfy((status) -> {
				assertThat(status.details()).containsEntry("partitions", PARTITIONS).containsEntry("owned", 6);
				assertThat((List<?>) status.details().get("partitionDetails")).hasSize(PARTITIONS);
			}));
			List<Item> items = new ArrayList<>(KEYS * 20);
			Random random = new Random(2);
			for (int group = 0; group < KEYS; group += KEYS_TOGETHER) {
				List<String> keys = new ArrayList<>();
				for (int k = group; k < group + KEYS_TOGETHER; k++) {
					keys.add("k-" + k);
				}
				for (int seq = 1; seq <= 20; seq++) {
					Collections.shuffle(keys, random);
					for (String key : keys) {
						items.add(new Item("i-" + items.size(), key, seq));
					}
				}
			}
			RedisMessagingTemplate template = a.getBean(RedisMessagingTemplate.class);
			try (Producer producer = new Producer(run, template, items.iterator()::next, items.size(), 0)) {
				producer.finish();
				producer.awaitWritten(Duration.ofSeconds(60));
				boolean settled = awaitQuietly(Duration.ofSeconds(60), () -> run.settled(producer.produced));
				Map<String, Long> processed = run.processed();
				System.out.println("PartitionedStreamClusterIT order: " + items.size() + " items of " + KEYS
						+ " keys, processed " + processed.size() + ", duplicates " + duplicates(processed)
						+ ", redeliveries " + run.hash("redeliveries") + ", order violations "
						+ run.hash("violations").size() + ", per instance " + run.hash("instances") + "; "
						+ (settled ? "settled" : "NOT settled") + " after " + run.millis() + " ms");
				verify(run, producer.produced);
			}
		}));
	}

	/**
	 * Three consumer JVMs while items flow: a third joins (each then owns 4 partitions within 2 lease periods), one
	 * is stopped with SIGTERM (its partitions move to the others, 6 each), one is killed with SIGKILL (the last owns
	 * all 12 once the leases ran out). Nothing is lost and the key order holds; redeliveries after the kill are
	 * counted and printed.
	 */
	@Test
	void partitionsMoveWhenInstancesJoinStopAndCrash() {
		PartitionedRun run = PartitionedRun.of("rebalance", redis);
		withTwoJvms(run, "c1", "c2", (template, jvms, c1, c2) -> {
			try (Producer producer = new Producer(run, template, randomItems(7, true), 0, 1)) {
				awaitProcessed(run, 1_000, Duration.ofSeconds(30), jvms);
				ConsumerJvm c3 = jvms.start("c3").awaitReady();
				long joined = System.nanoTime();
				awaitOwnership(run, Map.of("c1", 4L, "c2", 4L, "c3", 4L), LEASE.multipliedBy(2));
				long joinMillis = millisSince(joined);
				awaitHandled(run, c3, 200, jvms);
				long stopped = System.nanoTime();
				c1.terminate();
				awaitOwnership(run, Map.of("c2", 6L, "c3", 6L), LEASE.multipliedBy(2));
				long stopMillis = millisSince(stopped);
				awaitHandled(run, c3, run.handled("c3") + 200, jvms);
				Map<String, Long> redeliveriesBeforeKill = run.hash("redeliveries");
				long killed = System.nanoTime();
				c2.kill();
				awaitOwnership(run, Map.of("c3", 12L), LEASE.multipliedBy(3));
				long killMillis = millisSince(killed);
				awaitHandled(run, c3, run.handled("c3") + 500, jvms);
				producer.finish();
				producer.awaitWritten(Duration.ofSeconds(30));
				boolean settled = awaitQuietly(Duration.ofSeconds(60), () -> run.settled(producer.produced));
				c3.assertAlive();
				Map<String, Long> processed = run.processed();
				Map<String, Long> redeliveries = run.hash("redeliveries");
				System.out.println("PartitionedStreamClusterIT rebalance: 4/4/4 " + joinMillis
						+ " ms after c3 was ready, 6/6 " + stopMillis + " ms after c1 exited on SIGTERM, 12 on c3 "
						+ killMillis + " ms after SIGKILL to c2; produced " + producer.produced.size()
						+ ", processed " + processed.size() + ", dead-lettered " + run.deadLetters().size()
						+ ", duplicates " + duplicates(processed) + ", redeliveries before the kill "
						+ redeliveriesBeforeKill + ", after it " + difference(redeliveries, redeliveriesBeforeKill)
						+ ", order violations " + run.hash("violations").size() + ", per instance "
						+ run.hash("instances") + "; " + (settled ? "settled" : "NOT settled") + " after "
						+ run.millis() + " ms");
				verify(run, producer.produced);
			}
		});
	}

	/**
	 * A consumer JVM ({@code f1}) paused with SIGSTOP past its lease, while the other ({@code f2}) takes its
	 * partitions, then resumed with SIGCONT: it handles no entry of a partition that {@code f2} owns, delivers none
	 * again, and acknowledges none.
	 * <p>
	 * Before the pause every worker of {@code f1} (6 partitions × 8) is inside the listener, past its record of
	 * handlings that begin after the resume (see {@link PartitionConsumer}): the pause then catches no handling
	 * between the library's fence check and that record, so the verdict is exact. One of them handles a probe, a
	 * failing item that waits at a gate and then throws, so that {@code f1} resumes in the middle of its deliveries
	 * (ordering KEY delivers a failing entry again in process). All others are held. Three of the held items are
	 * stalled for {@code f2}: its workers wait on them, so they stay pending under {@code f2} while {@code f1},
	 * resumed, finishes its handling of them, and must not acknowledge them. Everything else {@code f1} holds in
	 * memory (read ahead of its workers) must not be handled, and the probe must not be delivered again by
	 * {@code f1}: {@code f1} records each handling that begins after the resume with the partition's owner at that
	 * moment, and none may name another owner. Then the stall ends and the usual verdicts follow; no item may be
	 * dead-lettered twice.
	 */
	@Test
	void pausedInstanceNeitherHandlesNorAcknowledgesWhatAnotherOwns() {
		PartitionedRun run = PartitionedRun.of("fence", redis);
		withTwoJvms(run, "f1", "f2", (template, jvms, paused, other) -> {
			Producer producer = new Producer(run, template, randomItems(11, false), 0, 1);
			try (producer) {
				awaitHandled(run, paused, 300, jvms);
				Written probe = appendProbe(run, template, "f1");
				producer.produced.put(probe.item().id(), probe);
				await("f1 handles the probe").atMost(Duration.ofSeconds(15))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> redis.commands().sismember(run.key("probe-parked:f1"), probe.item().id()));
				redis.commands().set(run.key("hold:f1"), "1");
				int workers = 6 * 8;
				await("every worker of f1 in the listener").atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> {
						jvms.assertAlive();
						return redis.commands().scard(run.key("parked:f1")) >= workers - 1;
					});
				List<String> stalled = redis.commands()
					.smembers(run.key("parked:f1"))
					.stream()
					.sorted()
					.limit(3)
					.toList();
				assertThat(stalled).hasSize(3);
				redis.commands().sadd(run.key("stall"), stalled.toArray(String[]::new));
				long pauseStart = System.nanoTime();
				paused.stop();
				producer.finish();
				producer.awaitWritten(Duration.ofSeconds(30));
				await("f2 owns every partition and has claimed everything f1 held").atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> {
						other.assertAlive();
						return run.ownership().equals(Map.of("f2", 12L)) && run.pendingOf("f1") == 0
								&& redis.commands().scard(run.key("stalled:f2")) == stalled.size()
								&& redis.commands().sismember(run.key("probe-parked:f2"), probe.item().id());
					});
				List<String> ownersAtResume = run.owners();
				long pausedMillis = millisSince(pauseStart);
				redis.commands().set(run.key("resumed"), "1");
				redis.commands().del(run.key("hold:f1"), run.key("probe-gate"));
				paused.resume();
				await("f1 finishes its handling of the stalled items").atMost(Duration.ofSeconds(15))
					.pollInterval(Duration.ofMillis(10))
					.until(() -> {
						paused.assertAlive();
						Map<String, Long> processed = run.processed();
						return stalled.stream().allMatch((id) -> processed.getOrDefault(id, 0L) >= 1);
					});
				try {
					await("the stalled items stay pending under f2").during(Duration.ofSeconds(2))
						.atMost(Duration.ofSeconds(4))
						.pollInterval(Duration.ofMillis(20))
						.until(() -> stalled.stream()
							.allMatch((id) -> "f2".equals(run.pendingConsumer(producer.produced.get(id)))));
				}
				catch (ConditionTimeoutException ex) {
					Map<String, String> where = new LinkedHashMap<>();
					stalled.forEach((id) -> where.put(id, run.pendingConsumer(producer.produced.get(id))));
					throw new AssertionError("f1 acknowledged entries of partitions f2 owned: the consumer each "
							+ "stalled item is pending for (null = acknowledged) " + where, ex);
				}
				redis.commands().del(run.key("stall"));
				boolean settled = awaitQuietly(Duration.ofSeconds(60), () -> run.settled(producer.produced));
				jvms.assertAlive();
				Map<String, String> handledAfter = redis.commands().hgetall(run.key("handled-after:f1"));
				Map<String, String> fenceBroken = new TreeMap<>();
				handledAfter.forEach((handling, owner) -> {
					int partition = run.partitions().keys().indexOf(handling.substring(0, handling.indexOf('|')));
					String ownerAtResume = ownersAtResume.get(partition);
					if (!"f1".equals(consumerOf(owner))
							&& (ownerAtResume == null || !"f1".equals(consumerOf(ownerAtResume)))) {
						fenceBroken.put(handling, owner);
					}
				});
				Map<String, Long> deadLetteredTwice = new TreeMap<>(run.deadLetterCounts());
				deadLetteredTwice.values().removeIf((count) -> count < 2);
				Map<String, Long> processed = run.processed();
				System.out.println("PartitionedStreamClusterIT fencing: f1 paused " + pausedMillis + " ms with "
						+ (workers - 1) + " handlings held and a failing probe in hand, " + stalled.size()
						+ " items stalled for f2; owners at resume " + ownersAtResume.stream()
							.collect(Collectors.groupingBy(String::valueOf, TreeMap::new, Collectors.counting()))
						+ "; after SIGCONT f1 began " + handledAfter.size() + " handlings, " + fenceBroken.size()
						+ " of them on partitions another instance owned; refused acknowledgments logged by f1: "
						+ paused.logLines("refused") + "; produced " + producer.produced.size() + ", processed "
						+ processed.size() + ", dead-lettered " + run.deadLetters().size() + " (more than once: "
						+ deadLetteredTwice + "), duplicates " + duplicates(processed) + ", per instance "
						+ run.hash("instances") + "; " + (settled ? "settled" : "NOT settled") + " after "
						+ run.millis() + " ms");
				verify(run, producer.produced, Set.of(), (softly) -> {
					softly.assertThat(fenceBroken)
						.as("handlings f1 began after SIGCONT on partitions another instance owned "
								+ "(partition|entry|item → owner then)")
						.isEmpty();
					softly.assertThat(deadLetteredTwice).as("items dead-lettered more than once").isEmpty();
				});
			}
		});
	}

	/**
	 * Two instances (contexts in this JVM) while items flow; a master holding partitions (not the one of the
	 * bookkeeping keys) is killed with SIGKILL and its replica takes over. Consumption resumes, and every item Redis
	 * kept is processed or dead-lettered. Items Redis acknowledged and then lost to asynchronous replication are
	 * printed; key order violations may only concern keys that lost items so. The cluster is restored afterwards.
	 */
	@Test
	void consumptionResumesAfterAMasterFailover() {
		PartitionedRun run = PartitionedRun.of("failover", redis);
		try {
			inJvm(run, "a").run((a) -> inJvm(run, "b").run((b) -> {
				awaitOwnership(run, Map.of("a", 6L, "b", 6L), LEASE.multipliedBy(3));
				RedisMessagingTemplate template = a.getBean(RedisMessagingTemplate.class);
				try (Producer producer = new Producer(run, template, randomItems(5, true), 0, 1)) {
					awaitProcessed(run, 1_000, Duration.ofSeconds(30), null);
					ClusterNode bookkeeping = cluster.masterForKey(run.key("processed"));
					Map<String, Long> partitionsPerMaster = run.partitions()
						.keys()
						.stream()
						.collect(Collectors.groupingBy((key) -> cluster.masterForKey(key).id(), Collectors.counting()));
					ClusterNode victim = cluster.masters()
						.stream()
						.filter((master) -> !master.id().equals(bookkeeping.id()))
						.max((x, y) -> Long.compare(partitionsPerMaster.getOrDefault(x.id(), 0L),
								partitionsPerMaster.getOrDefault(y.id(), 0L)))
						.orElseThrow();
					long failover = System.nanoTime();
					ClusterNode promoted = cluster.killMasterAndAwaitPromotion(victim);
					long failoverMillis = millisSince(failover);
					// appends to and reads of the failed master's partitions wait for the promotion, and for the
					// clients to see it
					awaitProcessed(run, run.processed().size() + 500, Duration.ofSeconds(45), null);
					long resumedMillis = millisSince(failover);
					producer.finish();
					producer.awaitWritten(Duration.ofSeconds(30));
					Set<String> kept = run.kept();
					Map<String, Long> processedNow = run.processed();
					Map<String, Written> expected = new HashMap<>(producer.produced);
					Map<String, Written> lost = new TreeMap<>();
					producer.produced.forEach((id, written) -> {
						if (!kept.contains(id) && !processedNow.containsKey(id)) {
							lost.put(id, written);
							expected.remove(id);
						}
					});
					boolean settled = awaitQuietly(Duration.ofSeconds(60), () -> run.settled(expected));
					Set<String> lostKeys = lost.values().stream().map((w) -> w.item().key()).collect(Collectors.toSet());
					Map<String, Long> processed = run.processed();
					System.out.println("PartitionedStreamClusterIT failover: killed " + victim.address() + " ("
							+ partitionsPerMaster.getOrDefault(victim.id(), 0L) + " partitions), " + promoted.address()
							+ " promoted after " + failoverMillis + " ms, 500 more processed " + resumedMillis
							+ " ms after the kill; produced " + producer.produced.size() + ", lost by Redis "
							+ lost.size() + ", processed " + processed.size() + ", dead-lettered "
							+ run.deadLetters().size() + ", duplicates " + duplicates(processed) + ", redeliveries "
							+ run.hash("redeliveries") + ", order violations " + run.hash("violations") + "; "
							+ (settled ? "settled" : "NOT settled") + " after " + run.millis() + " ms");
					verify(run, expected, lostKeys, (softly) -> softly.assertThat(lost.size())
						.as("items lost by Redis")
						.isLessThan(producer.produced.size() / 10));
				}
			}));
		}
		finally {
			cluster.restore();
		}
	}

	/**
	 * Two instances (contexts in this JVM, 20 ms of work per item) while items flow; the slot of one partition moves
	 * to another master with its keys (MIGRATE, as {@code redis-cli --cluster reshard} does), and later back to where
	 * it was: the stream with the group and its pending entries, the lease, the dead letters and the failures all
	 * hash to that slot. Right before each move a burst of {@value SlotMoves#BURST} items of keys of that partition
	 * and {@value SlotMoves#BURST_POISON} poison items are appended, so that the move finds entries pending and in
	 * hand, whose acknowledgments and dead letters go to the new master. After each move the slot's keys are all on
	 * the new master, the lease is among them, still held by its owner before the move, the one instance that runs
	 * the partition, and items appended to the partition after the move are processed. Nothing is lost, no key is
	 * handled out of order, and only the poison items are dead-lettered. The library's warnings other than the
	 * poison items' are printed. The slot ends where it was.
	 */
	@Test
	void partitionFollowsItsSlotToAnotherMaster() {
		PartitionedRun run = PartitionedRun.of("migration", redis);
		ClusterNode bookkeeping = cluster.masterForKey(run.key("processed"));
		int partition = IntStream.range(0, PARTITIONS)
			.filter((i) -> !cluster.masterForKey(run.partitions().keys().get(i)).id().equals(bookkeeping.id()))
			.findFirst()
			.orElseThrow();
		int slot = RedisCluster.slot(run.partitions().keys().get(partition));
		ClusterNode source = cluster.masterForSlot(slot);
		ClusterNode target = cluster.masters()
			.stream()
			.filter((master) -> !master.id().equals(source.id()))
			.min(Comparator.comparing((master) -> master.id().equals(bookkeeping.id())))
			.orElseThrow();
		try (LogCapture warnings = LogCapture.of("io.github.redismessaging")) {
			String work = "part.work-millis=20";
			inJvm(run, "a").withPropertyValues(work).run((a) -> inJvm(run, "b").withPropertyValues(work).run((b) -> {
				awaitOwnership(run, Map.of("a", 6L, "b", 6L), LEASE.multipliedBy(3));
				RedisMessagingTemplate template = a.getBean(RedisMessagingTemplate.class);
				try (Producer producer = new Producer(run, template, randomItems(17, true), 0, 1)) {
					awaitProcessed(run, 1_000, Duration.ofSeconds(30), null);
					SlotMoves moves = new SlotMoves(run, producer, template, partition, List.of(a, b));
					SlotMove there = moves.to(target);
					SlotMove back = moves.to(source);
					producer.finish();
					producer.awaitWritten(Duration.ofSeconds(30));
					boolean settled = awaitQuietly(Duration.ofSeconds(30), () -> run.settled(producer.produced));
					Map<String, Long> processed = run.processed();
					Map<String, Long> logged = warnings.lines()
						.stream()
						.filter((line) -> !line.contains("cannot handle"))
						.collect(Collectors.groupingBy((line) -> line.substring(0, Math.min(line.length(), 200)),
								TreeMap::new, Collectors.counting()));
					System.out.println("PartitionedStreamClusterIT migration: partition " + partition + " (slot "
							+ slot + ") " + there + "; " + back + "; produced " + producer.produced.size()
							+ ", processed " + processed.size() + ", dead-lettered " + run.deadLetters().size()
							+ ", duplicates " + duplicates(processed) + ", redeliveries " + run.hash("redeliveries")
							+ ", order violations " + run.hash("violations").size()
							+ ", warnings other than the poison items' " + logged + "; "
							+ (settled ? "settled" : "NOT settled") + " after " + run.millis() + " ms");
					verify(run, producer.produced, Set.of(),
							(softly) -> List.of(there, back).forEach((move) -> move.check(softly)));
				}
			}));
		}
		finally {
			if (!cluster.masterForSlot(slot).id().equals(source.id())) {
				cluster.migrateSlot(slot, source);
			}
		}
	}

	/** {@link #verify(PartitionedRun, Map, Set, Consumer)} with no key excused and no more assertions. */
	private static void verify(PartitionedRun run, Map<String, Written> produced) {
		verify(run, produced, Set.of(), (softly) -> {
		});
	}

	/**
	 * produced = processed ∪ dead-lettered, disjoint; dead-lettered = the failing items; nothing pending; no key
	 * handled out of order but the excused ones. Soft assertions: the test's own ones first, then these, all
	 * reported together.
	 */
	private static void verify(PartitionedRun run, Map<String, Written> produced, Set<String> excused,
			Consumer<SoftAssertions> first) {
		SoftAssertions softly = new SoftAssertions();
		first.accept(softly);
		Map<String, Long> processed = run.processed();
		Map<String, String> deadLettered = run.deadLetters();
		Set<String> failing = produced.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().item().key().startsWith("poison")
					|| entry.getValue().item().key().startsWith("probe"))
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
		Set<String> union = new HashSet<>(processed.keySet());
		union.addAll(deadLettered.keySet());
		Set<String> missing = new TreeSet<>(produced.keySet());
		missing.removeAll(union);
		Set<String> both = new TreeSet<>(processed.keySet());
		both.retainAll(deadLettered.keySet());
		Map<String, String> where = new LinkedHashMap<>();
		missing.stream().limit(10).forEach((id) -> where.put(id, produced.get(id).toString()));
		Map<String, Long> pending = run.pendingPerPartition();
		softly.assertThat(missing)
			.as("produced but neither processed nor dead-lettered (first 10: " + where + "), pending " + pending)
			.isEmpty();
		softly.assertThat(both).as("both processed and dead-lettered").isEmpty();
		softly.assertThat(deadLettered.keySet())
			.as("dead-lettered, with reasons " + new TreeMap<>(deadLettered))
			.isEqualTo(failing);
		softly.assertThat(pending.values().stream().mapToLong(Long::longValue).sum())
			.as("pending entries left " + pending)
			.isZero();
		Map<String, Long> violations = new TreeMap<>(run.hash("violations"));
		violations.keySet().removeAll(excused);
		softly.assertThat(violations).as("keys whose items were handled out of order").isEmpty();
		softly.assertAll();
	}

	/**
	 * Appends the probe: a failing item, of a key whose partition the instance owns, that waits at the probe gate
	 * (set here) before it throws.
	 */
	private static Written appendProbe(PartitionedRun run, RedisMessagingTemplate template, String instance) {
		redis.commands().set(run.key("probe-gate"), "1");
		List<String> owners = run.owners();
		for (int n = 0;; n++) {
			String key = "probe-" + n;
			int partition = run.partitions().partitionOf(key);
			if (owners.get(partition) != null && instance.equals(consumerOf(owners.get(partition)))) {
				Item probe = new Item("probe", key, 1);
				String id = template.appendKeyed(run.stream(), key, probe);
				return new Written(probe, run.partitions().keys().get(partition), id);
			}
		}
	}

	private static void awaitOwnership(PartitionedRun run, Map<String, Long> expected, Duration within) {
		AtomicReference<Map<String, Long>> last = new AtomicReference<>();
		try {
			await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
				last.set(run.ownership());
				return last.get().equals(new TreeMap<>(expected));
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("ownership " + expected + " not reached within " + within + "; partitions per "
					+ "consumer " + last.get() + ", members " + redis.commands().zrange(run.members(), 0, -1), ex);
		}
	}

	/**
	 * Starts consumer JVMs {@code first} and {@code second} of the run, waits until each owns 6 partitions, and runs
	 * the test with a template of a context in this JVM; destroys the JVMs afterwards.
	 */
	private static void withTwoJvms(PartitionedRun run, String first, String second, TwoJvmsTest test) {
		MessagingContextRunners.cluster().run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			try (PartitionConsumerJvms jvms = new PartitionConsumerJvms(run, cluster.nodeAddresses())) {
				ConsumerJvm one = jvms.start(first);
				ConsumerJvm two = jvms.start(second);
				one.awaitReady();
				two.awaitReady();
				awaitOwnership(run, Map.of(first, 6L, second, 6L), LEASE.multipliedBy(3));
				test.run(template, jvms, one, two);
			}
		});
	}

	private static void awaitHandled(PartitionedRun run, ConsumerJvm instance, long count, PartitionConsumerJvms jvms) {
		await(instance.name + " handles " + count + " items").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				jvms.assertAlive();
				return run.handled(instance.name) >= count;
			});
	}

	/** Waits until that many distinct items are processed; checks the JVMs, if any, meanwhile. */
	private static void awaitProcessed(PartitionedRun run, long count, Duration within, PartitionConsumerJvms jvms) {
		await(count + " items processed").atMost(within)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				if (jvms != null) {
					jvms.assertAlive();
				}
				return redis.commands().hlen(run.key("processed")) >= count;
			});
	}

	/** XADD calls per master so far. */
	private static Map<String, Long> xaddCalls() {
		Map<String, Long> calls = new TreeMap<>();
		for (ClusterNode master : cluster.masters()) {
			long count = 0;
			for (String line : onNode(master, (commands) -> commands.info("commandstats")).split("\r?\n")) {
				if (line.startsWith("cmdstat_xadd:")) {
					for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
						if (part.startsWith("calls=")) {
							count = Long.parseLong(part.substring("calls=".length()));
						}
					}
				}
			}
			calls.put(master.address(), count);
		}
		return calls;
	}

	/** Runs commands on one node, not through the cluster. */
	private static <T> T onNode(ClusterNode node, Function<RedisCommands<String, String>, T> commands) {
		RedisClient client = RedisClient.create(RedisURI.create(node.host(), node.port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return commands.apply(connection.sync());
		}
		finally {
			client.shutdown();
		}
	}

	private static ApplicationContextRunner inJvm(PartitionedRun run, String instance) {
		return MessagingContextRunners.cluster()
			.withUserConfiguration(PartitionConsumer.Beans.class)
			.withPropertyValues(PartitionConsumer.properties(run.settings(instance)));
	}

	private static ListenerStatus status(ApplicationContext context) {
		return context.getBean(RedisListenerRegistry.class).container(PartitionConsumer.LISTENER).orElseThrow().status();
	}

	/**
	 * Items of random keys, numbered per key; with {@code poison}, one in {@value #POISON_EVERY} is poison, of a key
	 * of its own.
	 */
	private static Supplier<Item> randomItems(long seed, boolean poison) {
		Random random = new Random(seed);
		Map<String, Integer> numbers = new HashMap<>();
		int[] next = { 0 };
		return () -> {
			int n = next[0]++;
			if (poison && n % POISON_EVERY == POISON_EVERY / 2) {
				return new Item("i-" + n, "poison-" + n, 1);
			}
			String key = "k-" + random.nextInt(KEYS);
			return new Item("i-" + n, key, numbers.merge(key, 1, Integer::sum));
		};
	}

	private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
		Map<String, Long> difference = new TreeMap<>();
		after.forEach((key, value) -> difference.put(key, value - before.getOrDefault(key, 0L)));
		return difference;
	}

	/**
	 * Moves of one partition's slot to another master while items flow ({@link #to}): each appends a burst of
	 * {@value #BURST} items of {@value #BURST_KEYS} keys of the partition (numbered on from the previous burst) and
	 * {@value #BURST_POISON} poison items, and at once moves the slot, then waits until {@value #RESUMED} items
	 * appended to the partition after the move are processed (noting when the first was), and reads the slot's keys
	 * on both masters, the lease on the new one and which instances run the partition. The burst's items count as
	 * produced.
	 */
	private static final class SlotMoves {

		static final int BURST_KEYS = 20;

		static final int BURST = BURST_KEYS * 10;

		static final int BURST_POISON = 2;

		static final int RESUMED = 50;

		private final PartitionedRun run;

		private final Producer producer;

		private final RedisMessagingTemplate template;

		private final int partition;

		private final String key;

		private final List<ApplicationContext> instances;

		private final List<String> burstKeys;

		private int bursts;

		SlotMoves(PartitionedRun run, Producer producer, RedisMessagingTemplate template, int partition,
				List<ApplicationContext> instances) {
			this.run = run;
			this.producer = producer;
			this.template = template;
			this.partition = partition;
			this.key = run.partitions().keys().get(partition);
			this.instances = instances;
			this.burstKeys = IntStream.iterate(0, (n) -> n + 1)
				.mapToObj((n) -> "m-" + n)
				.filter((candidate) -> run.partitions().partitionOf(candidate) == partition)
				.limit(BURST_KEYS)
				.toList();
		}

		SlotMove to(ClusterNode target) {
			int slot = RedisCluster.slot(this.key);
			ClusterNode from = cluster.masterForSlot(slot);
			String ownerBefore = this.run.owners().get(this.partition);
			burst();
			long pending = redis.commands().xpending(this.key, PartitionedRun.GROUP).getCount();
			long start = System.nanoTime();
			cluster.migrateSlot(slot, target);
			long moveMillis = millisSince(start);
			Set<String> earlier = Set.copyOf(this.producer.produced.keySet());
			AtomicReference<Long> later = new AtomicReference<>(0L);
			AtomicReference<Long> firstMillis = new AtomicReference<>();
			try {
				await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
					Map<String, Long> processed = this.run.processed();
					later.set(this.producer.produced.values()
						.stream()
						.filter((written) -> written.partition().equals(this.key)
								&& !earlier.contains(written.item().id()) && processed.containsKey(written.item().id()))
						.count());
					if (later.get() > 0 && firstMillis.get() == null) {
						firstMillis.set(millisSince(start));
					}
					return later.get() >= RESUMED;
				});
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError("consumption of " + this.key + " did not resume after its slot moved from "
						+ from.address() + " to " + target.address() + ": " + later.get() + " items appended later "
						+ "processed, pending " + this.run.pendingPerPartition().get(this.key) + ", owners "
						+ this.run.owners(), ex);
			}
			long resumedMillis = millisSince(start);
			String leaseKey = this.key + ":owner:" + PartitionedRun.GROUP;
			AtomicReference<String> lease = new AtomicReference<>();
			AtomicReference<List<String>> runningIt = new AtomicReference<>();
			awaitQuietly(LEASE, () -> {
				lease.set(onNode(target, (commands) -> commands.get(leaseKey)));
				runningIt.set(this.instances.stream()
					.map(PartitionedStreamClusterIT::status)
					.filter(this::runsPartition)
					.map((status) -> (String) status.details().get("member"))
					.toList());
				return lease.get() != null && runningIt.get().equals(List.of(lease.get()));
			});
			return new SlotMove(this.key, from, target, pending, ownerBefore, moveMillis, firstMillis.get(),
					resumedMillis, onNode(from, (commands) -> commands.clusterGetKeysInSlot(slot, 100)),
					onNode(target, (commands) -> commands.clusterGetKeysInSlot(slot, 100)), lease.get(),
					runningIt.get());
		}

		/**
		 * Appends the next {@value #BURST} items of the burst keys, round by round, and {@value #BURST_POISON} poison
		 * items of the partition, each of a key of its own.
		 */
		private void burst() {
			int burst = this.bursts++;
			int first = burst * (BURST / BURST_KEYS) + 1;
			for (int seq = first; seq < first + BURST / BURST_KEYS; seq++) {
				for (String burstKey : this.burstKeys) {
					append(new Item(burstKey + "-" + seq, burstKey, seq));
				}
			}
			IntStream.iterate(0, (n) -> n + 1)
				.mapToObj((n) -> "poison-m" + burst + "-" + n)
				.filter((candidate) -> this.run.partitions().partitionOf(candidate) == this.partition)
				.limit(BURST_POISON)
				.forEach((poisonKey) -> append(new Item(poisonKey, poisonKey, 1)));
		}

		private void append(Item item) {
			String entryId = this.template.appendKeyed(this.run.stream(), item.key(), item);
			this.producer.produced.put(item.id(), new Written(item, this.key, entryId));
		}

		@SuppressWarnings("unchecked")
		private boolean runsPartition(ListenerStatus status) {
			List<Map<String, Object>> partitions = (List<Map<String, Object>>) status.details()
				.get("partitionDetails");
			return Boolean.TRUE.equals(partitions.get(this.partition).get("ownedHere"));
		}

	}

	/**
	 * One move of {@link SlotMoves}: the partition's key, the masters, the entries pending when the move began and
	 * the lease's owner before the burst; how long the move took, and how long after its beginning the first and the
	 * {@value SlotMoves#RESUMED}th item appended after it were processed; the slot's keys left on the old master and
	 * on the new one; the lease on the new master and the members running the partition.
	 */
	private record SlotMove(String partition, ClusterNode from, ClusterNode to, long pendingAtMove, String ownerBefore,
			long moveMillis, long firstMillis, long resumedMillis, List<String> keysLeft, List<String> keysMoved,
			String lease, List<String> runningIt) {

		/**
		 * The slot's keys all on the new master, the lease among them, still held by its owner before the move, the
		 * one instance running the partition.
		 */
		void check(SoftAssertions softly) {
			String where = " after the move " + this.from.address() + " -> " + this.to.address();
			softly.assertThat(this.keysLeft).as("keys of the slot left on the old master" + where).isEmpty();
			softly.assertThat(this.keysMoved)
				.as("keys of the slot on the new master" + where)
				.contains(this.partition, this.partition + ":owner:" + PartitionedRun.GROUP);
			softly.assertThat(this.lease).as("lease of " + this.partition + " on the new master" + where)
				.isEqualTo(this.ownerBefore);
			softly.assertThat(this.runningIt)
				.as("members running " + this.partition + where + " (lease " + this.lease + ")")
				.containsExactly(this.lease);
		}

		@Override
		public String toString() {
			return "moved " + this.from.address() + " -> " + this.to.address() + " in " + this.moveMillis + " ms with "
					+ this.pendingAtMove + " pending, the first item appended later processed " + this.firstMillis
					+ " ms after the move began, " + SlotMoves.RESUMED + " of them after " + this.resumedMillis
					+ " ms, keys " + this.keysMoved + " on " + this.to.address() + " (left " + this.keysLeft.size()
					+ "), lease " + this.lease + " (before " + this.ownerBefore + ") run by " + this.runningIt;
		}

	}

	/** A test of {@link #withTwoJvms}. */
	@FunctionalInterface
	private interface TwoJvmsTest {

		void run(RedisMessagingTemplate template, PartitionConsumerJvms jvms, ConsumerJvm first, ConsumerJvm second)
				throws Exception;

	}

}

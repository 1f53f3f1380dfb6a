package io.github.redismessaging.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.test.RedisServer;

import static io.github.redismessaging.autoconfigure.CrashTestSupport.awaitQuietly;
import static io.github.redismessaging.autoconfigure.CrashTestSupport.duplicates;
import static io.github.redismessaging.autoconfigure.CrashTestSupport.millisSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consumer processes are killed with SIGKILL and paused with SIGSTOP while items and entries are produced, and
 * nothing is lost: for the queue and for the stream, by id, {@code produced = processed + dead-lettered}.
 * <p>
 * <b>Set-up.</b> One standalone Redis with AOF for the class. The consumers are separate JVMs running
 * {@link CrashConsumer} (one {@code @QueueListener}, one {@code @StreamListener}, and one more
 * {@code @StreamListener} for poison entries, see below), started with {@link ProcessBuilder} on this JVM's class
 * path; their output goes to {@code target/crash-it/<run>-<instance>.log}. Each listener records a successful
 * handling in Redis ({@code HINCRBY <run>:processed:<kind> <id> 1}) before it returns, keyed by the id that is
 * stable across redeliveries: the envelope id of a queue item ({@code q-<n>}, written by this test), the entry id
 * of a stream entry (returned by XADD). A payload starting with {@code poison} always throws.
 * <p>
 * <b>{@link #killedAndPausedConsumersLoseNothing()}.</b> A producer thread writes at least 5,000 queue items (LPUSH of
 * template-format envelopes) and 5,000 stream entries, one of each every 4 ms (about 170 a second with
 * {@code appendfsync always} on 2 cores), and keeps writing until the faults are over. Meanwhile a consumer is killed
 * with SIGKILL ({@link Process#destroyForcibly()}, verified by exit status 137 = 128 + 9) five times, each after it
 * handled 300 messages (while it drains the backlog that built up during its start, so it holds full batches), and
 * replaced. The sixth consumer works slowly (40 ms a message, see {@link #SLOW}) so that it always holds leased items
 * and pending entries. Once it holds at least 20 pending entries and 10 items are under lease, it is paused with
 * SIGSTOP, and a second consumer is started. The pause lasts at least 4 s (more than the 2 s lease and claim idle
 * time) and until the second consumer took back the leases and claimed the pending entries; then the first is resumed
 * with SIGCONT, and killed with SIGKILL once it handled something again, at least 150 ms later: the loss scenario of
 * the heartbeat design, where a consumer declared dead kept fetching into a processing list nobody recovered. The
 * second consumer then runs until nothing is in flight. Finally, per kind:
 * <ul>
 * <li>processed ∪ dead-lettered = produced, processed ∩ dead-lettered = ∅;</li>
 * <li>dead-lettered = the poison ids: every poison id is dead-lettered, and no good one is.</li>
 * </ul>
 * Duplicates (deliveries recorded minus distinct ids) are printed, not asserted: at least once allows them.
 * <p>
 * <b>Why the assertions are sound with these limits.</b> A good item is dead-lettered only if its attempts or
 * deliveries run out without a success, and each kill or pause costs an item held at that moment at most one
 * attempt (a lease expiry) or one delivery (a claim). The test has 6 kills and 1 pause, so a good item loses at
 * most 7 of them; the consumer allows 20 queue attempts and 20 stream deliveries, a margin that also covers
 * claims of entries a starved but live consumer held longer than 2 s. So a good item is never dead-lettered, and
 * a dead-lettered one was never processed. Poison items must still be dead-lettered quickly: on the queue each of
 * the 20 attempts costs the 50 ms backoff plus at most one 100 ms maintenance run, about 3 s in all, so they stay
 * in the queue with the good items. On the stream each delivery after the first waits for a claim (2 s idle), so
 * 20 deliveries would take about 50 s; poison entries therefore go to a second stream whose listener allows 3
 * deliveries (1 s idle), so they are dead-lettered within seconds. Poison entries are never recorded as processed,
 * so their lower limit cannot break the assertion, and their entry ids are keyed as {@code poison/<id>} because
 * two streams can hand out equal ids.
 * <p>
 * <b>{@link #pauseShorterThanTheLeaseCausesNoDuplicate()}.</b> Two consumers with a 6 s lease (queue listener
 * only) share 1,000 items that take 50 ms each, so both always hold leased items. One is paused for 3 s (longer
 * than the maintenance and lease extension intervals, shorter than the lease) while the other goes on; after
 * SIGCONT every item must be processed exactly once.
 * <p>
 * The queue companions {@code {q}:leases} (sorted set of take ids), the take lists {@code {q}:take:*} and
 * {@code {q}:delayed} are read only to tell when nothing is in flight any more, and where a missing item is.
 */
class CrashIT {

	private static final Path LOGS = Path.of("target", "crash-it");

	private static final int MIN_ITEMS = 5_000;

	private static final int KILLS = 5;

	/** Messages a consumer handles between its start and its kill. */
	private static final int PROGRESS_BEFORE_KILL = 300;

	private static final Duration PAUSE_LONGER_THAN_LEASE = Duration.ofSeconds(4);

	/**
	 * For the consumer that is paused: 40 ms of work per message, so with 4 workers it handles 100 a second of each
	 * kind, fewer than the producer writes, and always holds all it can (two batches of each). Stream batches of 20
	 * instead of 100 keep the time an entry waits in its hands (40 entries, 0.4 s) well below the 2 s after which
	 * its own pending recovery would claim it again.
	 */
	private static final List<String> SLOW = List.of("--crash.work-millis=40",
			"--redis.messaging.listeners." + CrashConsumer.STREAM_LISTENER + ".batch-size=20");

	private static final JsonMapper JSON = JsonMapper.shared();

	private static RedisServer server;

	private static RawRedis redis;

	@BeforeAll
	static void startRedis() {
		server = RedisServer.builder().appendOnly(true).start();
		redis = RawRedis.of(server);
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void killedAndPausedConsumersLoseNothing() throws Exception {
		long start = System.nanoTime();
		Run run = Run.of("crash");
		int kills = 0;
		try (Consumers consumers = new Consumers(run, List.of());
				Producer producer = new Producer(run, MIN_ITEMS, 4, true)) {
			ConsumerProcess current = consumers.start(List.of());
			for (int i = 0; i < KILLS; i++) {
				current.awaitReady();
				awaitHandled(current, PROGRESS_BEFORE_KILL);
				current.kill();
				kills++;
				current = consumers.start((i < KILLS - 1) ? List.of() : SLOW);
			}
			ConsumerProcess paused = current.awaitReady();
			try {
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
					paused.assertAlive();
					return handled(paused) >= PROGRESS_BEFORE_KILL && pendingOf(run, paused) >= 20 && taken(run) >= 10;
				});
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError(paused.name + " did not come to hold 20 pending entries and 10 taken "
						+ "queue items: it handled " + handled(paused) + ", holds " + pendingOf(run, paused)
						+ " pending entries, " + taken(run) + " taken items; queue length "
						+ size(run.queue()), ex);
			}
			Set<String> leasesAtPause = new HashSet<>(redis.commands().zrange(run.leases(), 0, -1));
			long pendingAtPause = pendingOf(run, paused);
			long pauseStart = System.nanoTime();
			paused.stop();
			ConsumerProcess survivor = consumers.start(List.of()).awaitReady();
			await("leases taken back and entries claimed from the paused consumer")
				.pollDelay(remaining(PAUSE_LONGER_THAN_LEASE, pauseStart))
				.pollInterval(Duration.ofMillis(50))
				.atMost(Duration.ofSeconds(30))
				.until(() -> noneLeft(run.leases(), leasesAtPause) && pendingOf(run, paused) == 0
						&& handled(survivor) > 0);
			long pausedMillis = millisSince(pauseStart);
			paused.resume();
			long handledAtResume = handled(paused);
			await("the resumed consumer handles again").pollDelay(Duration.ofMillis(150))
				.pollInterval(Duration.ofMillis(10))
				.atMost(Duration.ofSeconds(15))
				.until(() -> handled(paused) > handledAtResume);
			paused.kill();
			kills++;
			System.out.println("CrashIT: paused " + paused.name + " for " + pausedMillis + " ms; "
					+ leasesAtPause.size() + " queue items under lease and " + pendingAtPause
					+ " pending entries at the pause; it handled "
					+ (handled(paused) - handledAtResume) + " messages after SIGCONT before SIGKILL");
			producer.finish();
			producer.awaitWritten(Duration.ofSeconds(60));
			long faultsMillis = millisSince(start);
			boolean settled = awaitQuietly(Duration.ofSeconds(60),
					() -> queueSettled(run, producer) && streamSettled(run, producer));
			survivor.assertAlive();
			System.out.println("CrashIT: " + kills + " kills and 1 pause in " + faultsMillis + " ms; "
					+ (settled ? "settled" : "NOT settled") + " after "
					+ millisSince(start) + " ms");
			SoftAssertions softly = new SoftAssertions();
			verify(softly, "queue", producer.queueItems, processed(run, "queue"), queueDeadLetters(run.queue()),
					() -> locate(run, missing(producer.queueItems, run, "queue")));
			Map<String, String> streamDeadLetters = new HashMap<>(streamDeadLetters(run.stream(), ""));
			streamDeadLetters.putAll(streamDeadLetters(run.poisonStream(), "poison/"));
			verify(softly, "stream", producer.streamItems, processed(run, "stream"), streamDeadLetters,
					() -> "pending " + redis.commands().xpending(run.stream(), run.group()) + ", poison pending "
							+ redis.commands().xpending(run.poisonStream(), run.group()));
			softly.assertThat(kills).as("kills").isEqualTo(KILLS + 1);
			softly.assertAll();
		}
	}

	@Test
	void pauseShorterThanTheLeaseCausesNoDuplicate() throws Exception {
		long start = System.nanoTime();
		Run run = Run.of("pause");
		String queue = "--redis.messaging.listeners." + CrashConsumer.QUEUE_LISTENER + ".";
		List<String> settings = List.of(queue + "lease-timeout=6s", "--crash.work-millis=50",
				"--redis.messaging.listeners." + CrashConsumer.STREAM_LISTENER + ".auto-startup=false",
				"--redis.messaging.listeners." + CrashConsumer.POISON_STREAM_LISTENER + ".auto-startup=false");
		try (Consumers consumers = new Consumers(run, settings)) {
			ConsumerProcess paused = consumers.start(List.of());
			ConsumerProcess other = consumers.start(List.of());
			paused.awaitReady();
			other.awaitReady();
			try (Producer producer = new Producer(run, 1_000, 5, false)) {
				producer.finish();
				// with a backlog in the queue, each consumer holds two batches under lease
				await("a backlog while both consumers work").atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> handled(paused) >= 20 && handled(other) >= 20
							&& redis.commands().llen(run.queue()) >= 30 && taken(run) >= 20);
				long takenAtPause = taken(run);
				paused.stop();
				long otherBefore = handled(other);
				await("a pause of 3 s while the other consumer goes on").pollDelay(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(20))
					.until(() -> handled(other) > otherBefore);
				paused.resume();
				long handledAtResume = handled(paused);
				producer.awaitWritten(Duration.ofSeconds(30));
				boolean settled = awaitQuietly(Duration.ofSeconds(60), () -> queueSettled(run, producer));
				System.out.println("CrashIT pause: " + takenAtPause + " items under lease at the pause, the paused "
						+ "consumer handled " + (handled(paused) - handledAtResume) + " items after SIGCONT; "
						+ (settled ? "settled" : "NOT settled") + " after "
						+ millisSince(start) + " ms");
				Map<String, Long> processed = processed(run, "queue");
				long duplicates = duplicates(processed);
				System.out.println("CrashIT pause: queue produced " + producer.queueItems.size() + ", processed "
						+ processed.size() + ", duplicates " + duplicates);
				assertThat(processed.keySet()).as("processed").isEqualTo(producer.queueItems.keySet());
				assertThat(queueDeadLetters(run.queue())).as("dead-lettered").isEmpty();
				assertThat(processed.entrySet().stream().filter((entry) -> entry.getValue() > 1).map(Map.Entry::getKey))
					.as("processed more than once")
					.isEmpty();
			}
		}
	}

	private static void verify(SoftAssertions softly, String kind, Map<String, String> produced,
			Map<String, Long> processed, Map<String, String> deadLettered, Callable<String> diagnostics)
			throws Exception {
		Set<String> poison = produced.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().startsWith("poison"))
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
		Set<String> union = new HashSet<>(processed.keySet());
		union.addAll(deadLettered.keySet());
		Set<String> missing = difference(produced.keySet(), union);
		Set<String> unexpected = difference(union, produced.keySet());
		Set<String> both = new TreeSet<>(processed.keySet());
		both.retainAll(deadLettered.keySet());
		Map<String, Long> reasons = deadLettered.values()
			.stream()
			.collect(Collectors.groupingBy((reason) -> reason, TreeMap::new, Collectors.counting()));
		System.out.println("CrashIT " + kind + ": produced " + produced.size() + " (" + poison.size()
				+ " poison), processed " + processed.size() + ", dead-lettered " + deadLettered.size() + " " + reasons
				+ ", duplicates " + duplicates(processed) + ", missing " + missing.size() + ", unexpected "
				+ unexpected.size() + ", processed and dead-lettered " + both.size());
		String where = missing.isEmpty() ? "" : diagnostics.call();
		softly.assertThat(missing).as(kind + ": produced but neither processed nor dead-lettered; " + where).isEmpty();
		softly.assertThat(unexpected).as(kind + ": processed or dead-lettered but never produced").isEmpty();
		Map<String, String> bothReasons = new LinkedHashMap<>();
		both.stream().limit(20).forEach((id) -> bothReasons.put(id, deadLettered.get(id)));
		softly.assertThat(both)
			.as(kind + ": both processed and dead-lettered, with reasons (first 20) " + bothReasons)
			.isEmpty();
		softly.assertThat(deadLettered.keySet()).as(kind + ": dead-lettered").isEqualTo(poison);
		softly.assertThat(poison).as(kind + ": poison items produced").isNotEmpty();
	}

	private static Set<String> difference(Set<String> left, Set<String> right) {
		Set<String> difference = new TreeSet<>(left);
		difference.removeAll(right);
		return difference;
	}

	/** Deliveries recorded per id by the listeners. */
	private static Map<String, Long> processed(Run run, String kind) {
		Map<String, Long> processed = new HashMap<>();
		redis.commands().hgetall(run.processed(kind)).forEach((id, count) -> processed.put(id, Long.parseLong(count)));
		return processed;
	}

	/** Dead-lettered queue items: envelope id → reason. */
	private static Map<String, String> queueDeadLetters(String queue) {
		Map<String, String> deadLetters = new HashMap<>();
		for (String raw : redis.commands().lrange("{" + queue + "}:dlq", 0, -1)) {
			JsonNode node = JSON.readTree(raw);
			deadLetters.put(node.path("id").asString(), node.path("headers").path(DeadLetterFields.REASON).asString());
		}
		return deadLetters;
	}

	/** Dead-lettered stream entries: prefix + source entry id → reason. */
	private static Map<String, String> streamDeadLetters(String stream, String prefix) {
		Map<String, String> deadLetters = new HashMap<>();
		for (StreamMessage<String, String> message : redis.commands()
			.xrange("{" + stream + "}:dlq", Range.create("-", "+"))) {
			deadLetters.put(prefix + message.getBody().get(DeadLetterFields.SOURCE_ID), message.getBody().get(DeadLetterFields.REASON));
		}
		return deadLetters;
	}

	private static Set<String> missing(Map<String, String> produced, Run run, String kind) {
		Set<String> missing = new HashSet<>(produced.keySet());
		missing.removeAll(processed(run, kind).keySet());
		missing.removeAll(queueDeadLetters(run.queue()).keySet());
		return missing;
	}

	/** Which keys hold the missing queue items, to tell a lost item from one still in flight. */
	private static String locate(Run run, Set<String> ids) {
		RedisClusterCommands<String, String> commands = redis.commands();
		Map<String, Integer> found = new TreeMap<>();
		for (String key : commands.keys("*" + run.queue() + "*")) {
			Collection<String> values = switch (commands.type(key)) {
				case "list" -> commands.lrange(key, 0, -1);
				case "zset" -> commands.zrange(key, 0, -1);
				case "hash" -> commands.hvals(key);
				default -> List.of();
			};
			int count = 0;
			for (String value : values) {
				for (String id : ids) {
					if (value.contains("\"id\":\"" + id + "\"")) {
						count++;
					}
				}
			}
			if (count > 0) {
				found.put(key, count);
			}
		}
		return "missing " + ids.size() + " (first " + ids.stream().sorted().limit(10).toList() + "), found in "
				+ found;
	}

	/** Every item processed or dead-lettered, and nothing waiting, retried or under lease. */
	private static boolean queueSettled(Run run, Producer producer) {
		long inFlight = size(run.queue()) + size("{" + run.queue() + "}:delayed") + size(run.leases()) + taken(run);
		return inFlight == 0 && missing(producer.queueItems, run, "queue").isEmpty();
	}

	private static boolean streamSettled(Run run, Producer producer) {
		if (pending(run.stream(), run.group()) != 0 || pending(run.poisonStream(), run.group()) != 0) {
			return false;
		}
		Set<String> covered = new HashSet<>(processed(run, "stream").keySet());
		covered.addAll(streamDeadLetters(run.stream(), "").keySet());
		covered.addAll(streamDeadLetters(run.poisonStream(), "poison/").keySet());
		return covered.containsAll(producer.streamItems.keySet());
	}

	private static long pending(String stream, String group) {
		try {
			return redis.commands().xpending(stream, group).getCount();
		}
		catch (RuntimeException ex) {
			return -1; // no group yet
		}
	}

	/** Entries pending for the consumer in both groups; the stream consumer name is the instance name. */
	private static long pendingOf(Run run, ConsumerProcess consumer) {
		long pending = 0;
		for (String stream : List.of(run.stream(), run.poisonStream())) {
			try {
				pending += redis.commands()
					.xpending(stream, run.group())
					.getConsumerMessageCount()
					.getOrDefault(consumer.name, 0L);
			}
			catch (RuntimeException ex) {
				// no group yet
			}
		}
		return pending;
	}

	/** Queue items taken by consumers, in take lists under lease. */
	private static long taken(Run run) {
		return redis.commands()
			.keys("{" + run.queue() + "}:take:*")
			.stream()
			.mapToLong((key) -> redis.commands().llen(key))
			.sum();
	}

	private static boolean noneLeft(String key, Set<String> members) {
		if (members.isEmpty()) {
			return true;
		}
		return redis.commands().zrange(key, 0, -1).stream().noneMatch(members::contains);
	}

	/** The size of a list, sorted set, hash or set; 0 when the key is missing. */
	private static long size(String key) {
		RedisClusterCommands<String, String> commands = redis.commands();
		return switch (commands.type(key)) {
			case "list" -> commands.llen(key);
			case "zset" -> commands.zcard(key);
			case "hash" -> commands.hlen(key);
			case "set" -> commands.scard(key);
			default -> 0;
		};
	}

	/** Messages (queue and stream) a consumer handled successfully, as it recorded them in Redis. */
	private static long handled(ConsumerProcess consumer) {
		long handled = 0;
		for (String kind : List.of("queue", "stream")) {
			String count = redis.commands().hget(consumer.run.instances(), consumer.name + ":" + kind);
			handled += (count != null) ? Long.parseLong(count) : 0;
		}
		return handled;
	}

	private static void awaitHandled(ConsumerProcess consumer, long messages) {
		await(consumer.name + " handles " + messages + " messages").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				consumer.assertAlive();
				return handled(consumer) >= messages;
			});
	}

	private static Duration remaining(Duration duration, long sinceNanos) {
		Duration remaining = duration.minusNanos(System.nanoTime() - sinceNanos);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	/** Key names of one test run. */
	record Run(String name) {

		static Run of(String test) {
			return new Run("it." + test + "." + UUID.randomUUID().toString().substring(0, 8));
		}

		String queue() {
			return this.name + ".queue";
		}

		String leases() {
			return "{" + queue() + "}:leases";
		}

		String stream() {
			return this.name + ".stream";
		}

		String poisonStream() {
			return this.name + ".poison-stream";
		}

		String group() {
			return "crash";
		}

		String processed(String kind) {
			return this.name + ":processed:" + kind;
		}

		String instances() {
			return this.name + ":instances";
		}

	}

	/**
	 * Writes queue items {@code q-<n>} and, if asked, stream entries, in a background thread: one (pair) every
	 * {@code paceMillis} until {@link #finish()}, and at least {@code minimum} of each. With streams, item n is
	 * poison when n % 500 == 250: in the queue, and in the poison stream instead of the stream.
	 */
	static final class Producer extends BackgroundProducer {

		final Map<String, String> queueItems = new ConcurrentHashMap<>();

		final Map<String, String> streamItems = new ConcurrentHashMap<>();

		private final Run run;

		private final boolean streams;

		private final RawRedis connection;

		Producer(Run run, int minimum, long paceMillis, boolean streams) {
			super("crash-producer", "writing", minimum, paceMillis);
			this.run = run;
			this.streams = streams;
			this.connection = RawRedis.of(server);
			start();
		}

		@Override
		protected void produce(int n) {
			String payload = ((n % 500 == 250 && this.streams) ? "poison-" : "job-") + n;
			String id = "q-" + n;
			this.connection.commands()
				.lpush(this.run.queue(), "{\"id\":\"" + id + "\",\"payload\":\"" + payload
						+ "\",\"attempts\":0,\"headers\":{},\"enqueuedAt\":" + System.currentTimeMillis() + "}");
			this.queueItems.put(id, payload);
			if (this.streams) {
				if (payload.startsWith("poison")) {
					this.streamItems.put("poison/" + this.connection.add(this.run.poisonStream(), payload), payload);
				}
				else {
					this.streamItems.put(this.connection.add(this.run.stream(), payload), payload);
				}
			}
		}

		@Override
		public void close() throws InterruptedException {
			super.close();
			this.connection.close();
		}

	}

	/** Starts consumer processes {@code c1}, {@code c2}, ... and destroys those still alive when closed. */
	static final class Consumers implements AutoCloseable {

		private final Run run;

		private final List<String> settings;

		private final List<ConsumerProcess> started = new ArrayList<>();

		Consumers(Run run, List<String> settings) {
			this.run = run;
			this.settings = settings;
		}

		ConsumerProcess start(List<String> extraSettings) throws IOException {
			List<String> settings = new ArrayList<>(this.settings);
			settings.addAll(extraSettings);
			ConsumerProcess process = new ConsumerProcess(this.run, "c" + (this.started.size() + 1), settings);
			this.started.add(process);
			return process;
		}

		@Override
		public void close() {
			for (ConsumerProcess process : this.started) {
				process.destroy();
			}
		}

	}

	/** One {@link CrashConsumer} JVM; its name is the instance name. */
	static final class ConsumerProcess extends ConsumerJvm {

		final Run run;

		ConsumerProcess(Run run, String instance, List<String> settings) throws IOException {
			super("CrashIT", instance, CrashConsumer.class, CrashConsumer.READY,
					LOGS.resolve(run.name() + "-" + instance + ".log"), arguments(run, instance, settings));
			this.run = run;
		}

		private static List<String> arguments(Run run, String instance, List<String> settings) {
			List<String> arguments = new ArrayList<>(List.of("--spring.data.redis.host=" + server.host(),
					"--spring.data.redis.port=" + server.port(), "--crash.run=" + run.name(),
					"--crash.instance=" + instance, "--crash.queue=" + run.queue(), "--crash.stream=" + run.stream(),
					"--crash.poison-stream=" + run.poisonStream(), "--crash.group=" + run.group()));
			arguments.addAll(settings);
			return arguments;
		}

		@Override
		ConsumerProcess awaitReady() {
			super.awaitReady();
			return this;
		}

		/** SIGKILL, then prints how long it ran and what it handled. */
		@Override
		void kill() throws InterruptedException {
			super.kill();
			System.out.println("CrashIT: killed " + this.name + " after " + millisSinceStart() + " ms, "
					+ handled(this) + " messages handled");
		}

	}

}

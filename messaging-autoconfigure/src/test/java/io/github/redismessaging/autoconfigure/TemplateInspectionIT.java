package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.models.stream.PendingMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Behaviour;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.publish.DelayedItem;
import io.github.redismessaging.publish.PendingEntry;
import io.github.redismessaging.publish.QueueLease;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.publish.StreamInfo;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The inspection operations of {@link RedisMessagingTemplate} (pending entries, claims, stream info, dead-letter
 * deletion, delayed items and leases) on a real Redis 7, compared by id with what plain commands show: XPENDING,
 * XINFO, XRANGE, LRANGE, ZRANGE. Idle times grow while a test runs, so each is checked to lie between the values
 * Redis showed just before and just after the template's call.
 */
class TemplateInspectionIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	private static final Range<String> ALL = Range.create("-", "+");

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void pendingShowsWhatXpendingShowsAndClaimTakesOnlyEntriesIdleLongEnough() {
		String name = "it.inspect.pending." + UUID.randomUUID();
		withPrefix((template) -> assertPendingAndClaim(redis.commands(), template, name, "app:" + name));
	}

	@Test
	void pendingAndClaimRejectBadArguments() {
		String name = "it.inspect.arguments." + UUID.randomUUID();
		withPrefix((template) -> {
			List<String> ids = deliver(redis.commands(), "app:" + name);
			assertThat(template.pending(name, "g", 5000)).hasSize(3);
			assertThatIllegalArgumentException().isThrownBy(() -> template.pending(name, "g", 0))
				.withMessage("count must be at least 1, not 0");
			assertThatIllegalArgumentException().isThrownBy(() -> template.pending(" ", "g", 1))
				.withMessage("stream must not be blank");
			assertThatIllegalArgumentException().isThrownBy(() -> template.pending(name, "g", "", 1))
				.withMessage("consumer must not be blank");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.claim(name, "g", "c3", Duration.ofSeconds(-1), ids))
				.withMessageContaining("minIdle must be zero or positive");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.claim(name, "g", "c3", Duration.ZERO, List.of(ids.get(0), "nonsense")))
				.withMessageContaining("'nonsense' is not a stream entry id");
			assertThat(redis.commands().xpending("app:" + name, "g", ALL, Limit.from(10)))
				.extracting(PendingMessage::getConsumer)
				.containsExactly("c1", "c1", "c2");
			assertThat(template.claim(name, "g", "c3", Duration.ZERO, List.of())).isEmpty();
			assertThatExceptionOfType(RedisCommandExecutionException.class)
				.isThrownBy(() -> template.pending(name, "no-such-group", 10))
				.withMessageContaining("NOGROUP");
		});
	}

	@Test
	void infoShowsXinfoNumbersWithTheLagCorrected() {
		String name = "it.inspect.info." + UUID.randomUUID();
		String stream = "app:" + name;
		withPrefix((template) -> assertInfo(redis.commands(), template, name, stream));
	}

	@Test
	void infoReportsAnUnknownLagAsNullUnlessNothingFollowsTheLastDeliveredEntry() {
		String name = "it.inspect.lag." + UUID.randomUUID();
		String stream = "app:" + name;
		RedisClusterCommands<String, String> raw = redis.commands();
		for (int i = 1; i <= 4; i++) {
			raw.xadd(stream, new XAddArgs().id(i + "-0"), Map.of("payload", "e" + i));
		}
		raw.xgroupCreate(StreamOffset.from(stream, "1-0"), "behind");
		raw.xgroupCreate(StreamOffset.from(stream, "3-0"), "drained");
		raw.xdel(stream, "2-0", "4-0");
		String empty = "it.inspect.empty." + UUID.randomUUID();
		raw.xgroupCreate(StreamOffset.from("app:" + empty, "$"), "g", new XGroupCreateArgs().mkstream(true));
		withPrefix((template) -> {
			Map<String, Map<String, Object>> groups = byName(raw.xinfoGroups(stream));
			assertThat(groups.values()).extracting((group) -> group.get("lag")).containsOnlyNulls();
			StreamInfo info = template.info(name).orElseThrow();
			assertThat(info.length()).isEqualTo(2).isEqualTo(raw.xlen(stream));
			assertThat(info.firstEntryId()).isEqualTo("1-0");
			assertThat(info.lastEntryId()).isEqualTo("3-0");
			assertThat(info.groups()).extracting(StreamInfo.Group::name, StreamInfo.Group::lastDeliveredId,
					StreamInfo.Group::lag)
				.containsExactly(tuple("behind", "1-0", null), tuple("drained", "3-0", 0L));

			StreamInfo emptyInfo = template.info(empty).orElseThrow();
			assertThat(emptyInfo.length()).isZero();
			assertThat(emptyInfo.firstEntryId()).isNull();
			assertThat(emptyInfo.lastEntryId()).isNull();
			assertThat(emptyInfo.groups()).extracting(StreamInfo.Group::name, StreamInfo.Group::lag)
				.containsExactly(tuple("g", 0L));
			assertThat(template.info("it.inspect.missing." + UUID.randomUUID())).isEmpty();
		});
	}

	@Test
	void deleteDeadLettersRemovesExactlyTheGivenIdsOfAStreamOrAQueue() {
		String stream = "it.inspect.dlq.stream." + UUID.randomUUID();
		String queue = "it.inspect.dlq.queue." + UUID.randomUUID();
		RedisClusterCommands<String, String> raw = redis.commands();
		String streamDlq = "{app:" + stream + "}:dlq";
		String first = raw.xadd(streamDlq, Map.of("payload", "d1", DeadLetterFields.REASON, "decode"));
		String kept = raw.xadd(streamDlq, Map.of("payload", "d2", DeadLetterFields.REASON, "decode"));
		String third = raw.xadd(streamDlq, Map.of("payload", "d3", DeadLetterFields.REASON, "decode"));
		String queueDlq = "{app:" + queue + "}:dlq";
		// The same item dead-lettered twice (replayed in between), one to keep, and a plain string from another tool.
		raw.lpush(queueDlq, queueItem("a", "2025-01-01T00:00:00Z"), queueItem("b", "2025-01-01T00:00:01Z"),
				queueItem("a", "2025-01-01T00:00:02Z"), "not an envelope");
		withPrefix((template) -> {
			assertThat(template.deleteDeadLetters(stream, List.of(first, third, "0-1"))).isEqualTo(2);
			assertThat(raw.xrange(streamDlq, ALL)).extracting(StreamMessage::getId).containsExactly(kept);
			assertThat(template.deadLetters(stream, 10)).extracting(DeadLetter::id).containsExactly(kept);
			assertThatIllegalArgumentException().isThrownBy(() -> template.deleteDeadLetters(stream, List.of("a")))
				.withMessageContaining("'a' is not a stream entry id");

			List<String> shown = template.queueDeadLetters(queue, 10).stream().map(DeadLetter::id).toList();
			assertThat(shown).hasSize(4).containsSubsequence("a", "b", "a");
			String plain = shown.get(3);
			assertThat(plain).startsWith("raw:");
			assertThat(template.deleteDeadLetters(queue, List.of("a", plain, "missing"))).isEqualTo(3);
			assertThat(raw.lrange(queueDlq, 0, -1)).containsExactly(queueItem("b", "2025-01-01T00:00:01Z"));
			assertThat(template.queueDeadLetters(queue, 10)).extracting(DeadLetter::id).containsExactly("b");

			assertThat(template.deleteDeadLetters("it.inspect.none." + UUID.randomUUID(), List.of("a"))).isZero();
			assertThat(template.deleteDeadLetters(queue, List.of())).isZero();
			assertThatIllegalArgumentException().isThrownBy(() -> template.deleteDeadLetters(queue, List.of(" ")))
				.withMessage("an id must not be blank");
		});
	}

	@Test
	void delayedShowsTheDelayedSetSoonestFirstAndItemsOfOtherToolsWhole() {
		String queue = "it.inspect.delayed." + UUID.randomUUID();
		withPrefix((template) -> {
			Instant soon = Instant.now().plus(Duration.ofMinutes(5));
			String later = template.enqueueDelayed(queue, "later", Duration.ofHours(1));
			String sooner = template.enqueueDelayed(queue, "sooner", soon);
			String delayedKey = "{app:" + queue + "}:delayed";
			redis.commands().zadd(delayedKey, soon.toEpochMilli() + 1000, "not an envelope");
			assertDelayed(redis.commands(), template, queue, delayedKey, List.of(sooner, later));
			assertThat(template.delayed(queue, 1)).extracting(DelayedItem::id).containsExactly(sooner);
			assertThatIllegalArgumentException().isThrownBy(() -> template.delayed(queue, -1));
		});
	}

	@Test
	void leasesOfOtherToolsAndDamagedTakesAreShownNotFailed() {
		String queue = "it.inspect.foreign." + UUID.randomUUID();
		RedisClusterCommands<String, String> raw = redis.commands();
		String leases = "{app:" + queue + "}:leases";
		raw.zadd(leases, 1000, "worker-1:7");
		raw.rpush("{app:" + queue + "}:take:worker-1:7", "x", "y");
		raw.zadd(leases, 2000, "odd");
		raw.set("{app:" + queue + "}:take:odd", "not a list");
		raw.zadd(leases, 3000, "gone:1");
		withPrefix((template) -> assertThat(template.leases(queue, 10))
			.extracting(QueueLease::takeId, QueueLease::holder, QueueLease::deadline, QueueLease::items)
			.containsExactly(tuple("worker-1:7", "worker-1", Instant.ofEpochMilli(1000), 2L),
					tuple("odd", null, Instant.ofEpochMilli(2000), 0L),
					tuple("gone:1", "gone", Instant.ofEpochMilli(3000), 0L)));
	}

	@Test
	void leasesShowTheTakeAListenerHolds() {
		String queue = "it.inspect.leases." + UUID.randomUUID();
		MessagingContextRunners.standalone()
			.withUserConfiguration(QueueTestListeners.Text.class)
			.withPropertyValues("redis.messaging.key-prefix=app:", "test.queues=" + queue,
					"redis.messaging.listeners.jobs.lease-timeout=60s")
			.run((context) -> assertLeaseHeld(redis.commands(), context, queue, "{app:" + queue + "}:"));
	}

	@Test
	void streamAndQueueOperationsRouteByHashTagInACluster() {
		String stream = "it.inspect.{" + UUID.randomUUID() + "}.stream";
		String queue = "it.inspect.{" + UUID.randomUUID() + "}.queue";
		try (RawRedis cluster = RawRedis.of(SharedRedis.cluster())) {
			RedisClusterCommands<String, String> raw = cluster.commands();
			MessagingContextRunners.cluster()
				.withUserConfiguration(QueueTestListeners.Text.class)
				.withPropertyValues("redis.messaging.key-prefix=ops:", "test.queues=" + queue,
						"redis.messaging.listeners.jobs.lease-timeout=60s")
				.run((context) -> {
					RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
					assertPendingAndClaim(raw, template, stream, "ops:" + stream);
					String deadLetter = raw.xadd("ops:" + stream + ":dlq", Map.of("payload", "dead"));
					assertThat(template.deleteDeadLetters(stream, List.of(deadLetter))).isOne();
					assertThat(raw.xlen("ops:" + stream + ":dlq")).isZero();

					String later = template.enqueueDelayed(queue, "later", Duration.ofHours(1));
					assertThat(template.delayed(queue, 10)).extracting(DelayedItem::id, DelayedItem::payload)
						.containsExactly(tuple(later, "later"));
					assertThat(raw.zrangeWithScores("ops:" + queue + ":delayed", 0, -1)).singleElement()
						.satisfies((scored) -> assertThat((long) scored.getScore())
							.isEqualTo(template.delayed(queue, 1).get(0).due().toEpochMilli()));
					assertLeaseHeld(raw, context, queue, "ops:" + queue + ":");
				});
		}
	}

	@Test
	void infoInAClusterShowsXinfoNumbers() {
		String name = "it.inspect.{" + UUID.randomUUID() + "}.info";
		try (RawRedis cluster = RawRedis.of(SharedRedis.cluster())) {
			MessagingContextRunners.cluster()
				.withPropertyValues("redis.messaging.key-prefix=ops:")
				.run((context) -> assertInfo(cluster.commands(), context.getBean(RedisMessagingTemplate.class), name,
						"ops:" + name));
		}
	}

	@Test
	void deadLetterMovesExactlyTheGivenPendingEntriesToTheDeadLetterStream() {
		String name = "it.inspect.deadletter." + UUID.randomUUID();
		String stream = "app:" + name;
		withPrefix((template) -> assertDeadLetter(redis.commands(), template, name, stream, "{" + stream + "}:"));
	}

	@Test
	void deadLetterRejectsBadArgumentsBeforeChangingAnything() {
		String name = "it.inspect.deadletter.arguments." + UUID.randomUUID();
		String stream = "app:" + name;
		RedisClusterCommands<String, String> raw = redis.commands();
		withPrefix((template) -> {
			List<String> ids = deliver(raw, stream);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.deadLetter(name, "g", List.of(ids.get(0), "nonsense"), "operator"))
				.withMessageContaining("'nonsense' is not a stream entry id");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.deadLetter(name, "g", List.of(ids.get(0), "18446744073709551616-0"),
						"operator"))
				.withMessageContaining("exceed 64 bits");
			List<String> tooMany = new ArrayList<>();
			for (int i = 1; i <= 1001; i++) {
				tooMany.add(i + "-0");
			}
			assertThatIllegalArgumentException().isThrownBy(() -> template.deadLetter(name, "g", tooMany, "operator"))
				.withMessage("at most 1000 ids at a time, not 1001");
			assertThatIllegalArgumentException().isThrownBy(() -> template.deadLetter(name, "g", ids, " "))
				.withMessage("reason must not be blank");
			assertThatIllegalArgumentException().isThrownBy(() -> template.deadLetter(name, "", ids, "operator"))
				.withMessage("group must not be blank");
			assertThatIllegalArgumentException().isThrownBy(() -> template.deadLetter(" ", "g", ids, "operator"))
				.withMessage("stream must not be blank");
			assertThatExceptionOfType(RedisCommandExecutionException.class)
				.isThrownBy(() -> template.deadLetter(name, "no-such-group", ids, "operator"))
				.withMessageContaining("NOGROUP");
			raw.set("{" + stream + "}:dlq", "not a stream");
			assertThatExceptionOfType(RedisCommandExecutionException.class)
				.isThrownBy(() -> template.deadLetter(name, "g", ids, "operator"))
				.withMessageContaining("not a dead-letter stream");
			assertThat(template.deadLetter(name, "g", List.of(), "operator")).isZero();
			assertThat(raw.xpending(stream, "g", ALL, Limit.from(10))).extracting(PendingMessage::getId)
				.containsExactlyElementsOf(ids);
		});
	}

	@Test
	void deadLetterInAClusterWritesToTheDeadLetterStreamInTheStreamsSlot() {
		String plain = "it.inspect.deadletter." + UUID.randomUUID();
		String tagged = "it.inspect.{" + UUID.randomUUID() + "}.deadletter";
		try (RawRedis cluster = RawRedis.of(SharedRedis.cluster())) {
			MessagingContextRunners.cluster().withPropertyValues("redis.messaging.key-prefix=ops:").run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				assertDeadLetter(cluster.commands(), template, plain, "ops:" + plain, "{ops:" + plain + "}:");
				assertDeadLetter(cluster.commands(), template, tagged, "ops:" + tagged, "ops:" + tagged + ":");
			});
		}
	}

	private static void withPrefix(java.util.function.Consumer<RedisMessagingTemplate> test) {
		MessagingContextRunners.standalone()
			.withPropertyValues("redis.messaging.key-prefix=app:")
			.run((context) -> test.accept(context.getBean(RedisMessagingTemplate.class)));
	}

	/**
	 * Appends three entries, delivers two to {@code c1} and one to {@code c2} of group {@code g}, and makes the
	 * first look delivered three times, a minute ago: {@code XCLAIM s g c1 0 <id> IDLE 60000 RETRYCOUNT 3 JUSTID}.
	 */
	private static List<String> deliver(RedisClusterCommands<String, String> raw, String stream) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(raw.xadd(stream, Map.of("payload", "e" + i)));
		}
		raw.xgroupCreate(StreamOffset.from(stream, "0"), "g");
		raw.xreadgroup(Consumer.from("g", "c1"), XReadArgs.Builder.count(2), StreamOffset.lastConsumed(stream));
		raw.xreadgroup(Consumer.from("g", "c2"), XReadArgs.Builder.count(1), StreamOffset.lastConsumed(stream));
		raw.xclaim(stream, Consumer.from("g", "c1"),
				new XClaimArgs().minIdleTime(0).idle(Duration.ofMinutes(1)).retryCount(3).justid(), ids.get(0));
		return ids;
	}

	private static void assertPendingAndClaim(RedisClusterCommands<String, String> raw, RedisMessagingTemplate template,
			String name, String stream) {
		List<String> ids = deliver(raw, stream);
		List<PendingMessage> before = raw.xpending(stream, "g", ALL, Limit.from(10));
		List<PendingEntry> pending = template.pending(name, "g", 10);
		List<PendingMessage> after = raw.xpending(stream, "g", ALL, Limit.from(10));
		assertThat(pending).extracting(PendingEntry::id).containsExactlyElementsOf(ids);
		assertMatches(pending, before, after);
		assertThat(pending.get(0).idle()).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
		assertThat(pending).extracting(PendingEntry::consumer, PendingEntry::deliveries)
			.containsExactly(tuple("c1", 3L), tuple("c1", 1L), tuple("c2", 1L));

		Consumer<String> c2 = Consumer.from("g", "c2");
		List<PendingMessage> c2Before = raw.xpending(stream, c2, ALL, Limit.from(10));
		List<PendingEntry> ofC2 = template.pending(name, "g", "c2", 10);
		assertMatches(ofC2, c2Before, raw.xpending(stream, c2, ALL, Limit.from(10)));
		assertThat(ofC2).extracting(PendingEntry::id).containsExactly(ids.get(2));
		assertThat(template.pending(name, "g", 1)).extracting(PendingEntry::id).containsExactly(ids.get(0));

		List<String> all = new ArrayList<>(ids);
		all.add("0-1");
		assertThat(template.claim(name, "g", "c3", Duration.ofSeconds(30), all)).containsExactly(ids.get(0));
		assertThat(raw.xpending(stream, "g", ALL, Limit.from(10)))
			.extracting(PendingMessage::getId, PendingMessage::getConsumer, PendingMessage::getRedeliveryCount)
			.containsExactly(tuple(ids.get(0), "c3", 3L), tuple(ids.get(1), "c1", 1L), tuple(ids.get(2), "c2", 1L));
		assertThat(template.claim(name, "g", "c3", Duration.ZERO, List.of(ids.get(1)))).containsExactly(ids.get(1));
		assertThat(raw.xpending(stream, "g", ALL, Limit.from(10))).extracting(PendingMessage::getConsumer)
			.containsExactly("c3", "c3", "c2");
	}

	/**
	 * Delivers three entries as {@link #deliver} does and two more to {@code c2}, acknowledges the fourth, deletes
	 * the fifth from the stream while it stays pending, and remembers a failure for the first as the stream failure
	 * lifecycle does; then dead-letters the first, third and fifth, with the acknowledged one, an unknown id and a
	 * repeat among the ids.
	 */
	private static void assertDeadLetter(RedisClusterCommands<String, String> raw, RedisMessagingTemplate template,
			String name, String stream, String companionPrefix) {
		List<String> ids = deliver(raw, stream);
		String acked = raw.xadd(stream, Map.of("payload", "e3"));
		String deleted = raw.xadd(stream, Map.of("payload", "e4"));
		raw.xreadgroup(Consumer.from("g", "c2"), XReadArgs.Builder.count(2), StreamOffset.lastConsumed(stream));
		raw.xack(stream, "g", acked);
		raw.xdel(stream, deleted);
		String failures = companionPrefix + "failures";
		raw.hset(failures, Map.of("g/" + ids.get(0), "java.lang.IllegalStateException: boom", "g/" + ids.get(1),
				"java.lang.IllegalStateException: kept"));
		String dlq = companionPrefix + "dlq";
		Instant before = Instant.now().minusSeconds(1);

		assertThat(template.deadLetter(name, "g", List.of(ids.get(0), ids.get(2), deleted, acked, "0-1", ids.get(0)),
				"operator"))
			.isEqualTo(3);

		assertThat(raw.xpending(stream, "g", ALL, Limit.from(10))).extracting(PendingMessage::getId)
			.containsExactly(ids.get(1));
		List<StreamMessage<String, String>> written = raw.xrange(dlq, ALL);
		List<Map<String, String>> bodies = new ArrayList<>();
		for (StreamMessage<String, String> message : written) {
			Map<String, String> body = new LinkedHashMap<>(message.getBody());
			assertThat(body.remove(DeadLetterFields.AT)).isNotNull();
			bodies.add(body);
		}
		assertThat(bodies).containsExactly(
				deadLetter(Map.of("payload", "e0"), ids.get(0), "3", "java.lang.IllegalStateException: boom"),
				deadLetter(Map.of("payload", "e2"), ids.get(2), "1", "dead-lettered by an operator"),
				deadLetter(Map.of(), deleted, "1", "dead-lettered by an operator"));
		assertThat(raw.hgetall(failures)).containsOnlyKeys("g/" + ids.get(1));
		assertThat(raw.xrange(stream, ALL)).extracting(StreamMessage::getId)
			.containsExactly(ids.get(0), ids.get(1), ids.get(2), acked);

		List<DeadLetter> shown = template.deadLetters(name, 10);
		assertThat(shown).extracting(DeadLetter::id)
			.containsExactlyElementsOf(written.stream().map(StreamMessage::getId).toList());
		assertThat(shown)
			.extracting(DeadLetter::kind, DeadLetter::sourceId, DeadLetter::reason, DeadLetter::deliveries,
					DeadLetter::listener, DeadLetter::payload)
			.containsExactly(tuple(DeadLetter.STREAM, ids.get(0), "operator", 3L, null, "e0"),
					tuple(DeadLetter.STREAM, ids.get(2), "operator", 1L, null, "e2"),
					tuple(DeadLetter.STREAM, deleted, "operator", 1L, null, null));
		assertThat(shown).allSatisfy((deadLetter) -> {
			assertThat(deadLetter.at()).isBetween(before, Instant.now());
			assertThat(deadLetter.fields()).isEmpty();
		});

		assertThat(template.deadLetter(name, "g", List.of(ids.get(0), ids.get(2), deleted), "operator")).isZero();
		assertThat(raw.xlen(dlq)).isEqualTo(3);
	}

	/** The fields of a dead letter the operator wrote, but for its {@code dlq.at}; it has no {@code dlq.listener}. */
	private static Map<String, String> deadLetter(Map<String, String> original, String sourceId, String deliveries,
			String exception) {
		Map<String, String> fields = new LinkedHashMap<>(original);
		fields.put(DeadLetterFields.EXCEPTION, exception);
		fields.put(DeadLetterFields.DELIVERIES, deliveries);
		fields.put(DeadLetterFields.SOURCE_ID, sourceId);
		fields.put(DeadLetterFields.REASON, "operator");
		return fields;
	}

	private static void assertMatches(List<PendingEntry> entries, List<PendingMessage> before,
			List<PendingMessage> after) {
		assertThat(entries).extracting(PendingEntry::id)
			.containsExactlyElementsOf(before.stream().map(PendingMessage::getId).toList());
		for (int i = 0; i < entries.size(); i++) {
			PendingEntry entry = entries.get(i);
			assertThat(entry.consumer()).isEqualTo(before.get(i).getConsumer());
			assertThat(entry.deliveries()).isEqualTo(before.get(i).getRedeliveryCount());
			assertThat(entry.idle().toMillis()).isBetween(before.get(i).getMsSinceLastDelivery(),
					after.get(i).getMsSinceLastDelivery());
		}
	}

	/**
	 * Group {@code g} has read three entries of five (lag 2); group {@code stale} was created at the end with
	 * {@code ENTRIESREAD 0}, so that Redis reports a lag of 5 although no entry follows its last delivered id.
	 */
	private static void assertInfo(RedisClusterCommands<String, String> raw, RedisMessagingTemplate template,
			String name, String stream) {
		List<String> ids = deliver(raw, stream);
		ids.add(raw.xadd(stream, Map.of("payload", "e3")));
		ids.add(raw.xadd(stream, Map.of("payload", "e4")));
		raw.xgroupCreate(StreamOffset.from(stream, "$"), "stale", new XGroupCreateArgs().entriesRead(0));

		Map<String, Map<String, Object>> groups = byName(raw.xinfoGroups(stream));
		Map<String, Map<String, Object>> consumersBefore = byName(raw.xinfoConsumers(stream, "g"));
		StreamInfo info = template.info(name).orElseThrow();
		Map<String, Map<String, Object>> consumersAfter = byName(raw.xinfoConsumers(stream, "g"));

		assertThat(info.length()).isEqualTo(raw.xlen(stream)).isEqualTo(5);
		assertThat(info.firstEntryId()).isEqualTo(raw.xrange(stream, ALL, Limit.from(1)).get(0).getId())
			.isEqualTo(ids.get(0));
		assertThat(info.lastEntryId()).isEqualTo(raw.xrevrange(stream, ALL, Limit.from(1)).get(0).getId())
			.isEqualTo(ids.get(4));
		assertThat(info.groups()).extracting(StreamInfo.Group::name).containsExactlyElementsOf(groups.keySet());
		StreamInfo.Group g = info.groups().get(0);
		assertThat(g.name()).isEqualTo("g");
		assertThat(g.pending()).isEqualTo(groups.get("g").get("pending")).isEqualTo(3L);
		assertThat(g.lastDeliveredId()).isEqualTo(groups.get("g").get("last-delivered-id")).isEqualTo(ids.get(2));
		assertThat(g.lag()).isEqualTo(groups.get("g").get("lag")).isEqualTo(2L);
		assertThat(g.consumers()).extracting(StreamInfo.Consumer::name)
			.containsExactlyElementsOf(consumersBefore.keySet());
		for (StreamInfo.Consumer consumer : g.consumers()) {
			assertThat(consumer.pending()).isEqualTo(consumersBefore.get(consumer.name()).get("pending"));
			assertThat(consumer.idle().toMillis()).isBetween((Long) consumersBefore.get(consumer.name()).get("idle"),
					(Long) consumersAfter.get(consumer.name()).get("idle"));
		}
		assertThat(g.consumers()).extracting(StreamInfo.Consumer::name, StreamInfo.Consumer::pending)
			.containsExactly(tuple("c1", 2L), tuple("c2", 1L));
		StreamInfo.Group stale = info.groups().get(1);
		assertThat(groups.get("stale").get("lag")).isEqualTo(5L);
		assertThat(stale.lag()).isZero();
		assertThat(stale.lastDeliveredId()).isEqualTo(ids.get(4));
		assertThat(stale.pending()).isZero();
		assertThat(stale.consumers()).isEmpty();
	}

	private static void assertDelayed(RedisClusterCommands<String, String> raw, RedisMessagingTemplate template,
			String queue, String delayedKey, List<String> envelopeIds) {
		List<ScoredValue<String>> stored = raw.zrangeWithScores(delayedKey, 0, -1);
		List<DelayedItem> items = template.delayed(queue, 10);
		assertThat(items).hasSameSizeAs(stored).hasSize(3);
		for (int i = 0; i < items.size(); i++) {
			DelayedItem item = items.get(i);
			assertThat(item.due()).isEqualTo(Instant.ofEpochMilli((long) stored.get(i).getScore()));
			JsonNode envelope = envelope(stored.get(i).getValue());
			if (envelope != null) {
				assertThat(item.id()).isEqualTo(envelope.get("id").asString());
				assertThat(item.payload()).isEqualTo(envelope.get("payload").asString());
				assertThat(item.attempts()).isZero();
				assertThat(item.enqueuedAt()).isEqualTo(Instant.ofEpochMilli(envelope.get("enqueuedAt").asLong()));
			}
			else {
				assertThat(item.id()).startsWith("raw:");
				assertThat(item.payload()).isEqualTo(stored.get(i).getValue());
				assertThat(item.enqueuedAt()).isNull();
			}
		}
		assertThat(items).extracting(DelayedItem::id).filteredOn((id) -> !id.startsWith("raw:"))
			.containsExactlyElementsOf(envelopeIds);
		assertThat(items).extracting(DelayedItem::payload).containsExactly("sooner", "not an envelope", "later");
	}

	/**
	 * Enqueues an item the listener blocks on, and checks the template's lease against {@code ZRANGE} of the lease
	 * set and {@code LLEN} of the take list; then lets the listener finish, which ends the lease.
	 */
	private static void assertLeaseHeld(RedisClusterCommands<String, String> raw, ApplicationContext context,
			String queue, String companionPrefix) {
		RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
		String leases = companionPrefix + "leases";
		template.enqueue(queue, "block-1");
		await().atMost(Duration.ofSeconds(10)).until(() -> raw.zcard(leases) == 1);
		List<ScoredValue<String>> before = raw.zrangeWithScores(leases, 0, -1);
		List<QueueLease> shown = template.leases(queue, 10);
		List<ScoredValue<String>> after = raw.zrangeWithScores(leases, 0, -1);
		String consumer = (String) context.getBean(RedisListenerRegistry.class)
			.container("jobs")
			.orElseThrow()
			.status()
			.details()
			.get("consumer");
		assertThat(shown).singleElement().satisfies((lease) -> {
			assertThat(lease.takeId()).isEqualTo(before.get(0).getValue()).startsWith(consumer + ":");
			assertThat(lease.holder()).isEqualTo(consumer);
			assertThat(lease.deadline().toEpochMilli()).isBetween((long) before.get(0).getScore(),
					(long) after.get(0).getScore());
			assertThat(lease.deadline()).isAfter(Instant.now().plus(Duration.ofSeconds(30)));
			assertThat(lease.items()).isEqualTo(raw.llen(companionPrefix + "take:" + lease.takeId())).isOne();
		});
		context.getBean(Behaviour.class).release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> raw.zcard(leases) == 0);
		assertThat(template.leases(queue, 10)).isEmpty();
	}

	/** XINFO GROUPS or CONSUMERS as maps by name, in the order Redis lists them. */
	private static Map<String, Map<String, Object>> byName(List<Object> reply) {
		Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
		for (Object item : reply) {
			List<?> flat = (List<?>) item;
			Map<String, Object> fields = new LinkedHashMap<>();
			for (int i = 0; i + 1 < flat.size(); i += 2) {
				fields.put((String) flat.get(i), flat.get(i + 1));
			}
			byName.put((String) fields.get("name"), fields);
		}
		return byName;
	}

	private static JsonNode envelope(String stored) {
		return stored.startsWith("{") ? JsonMapper.shared().readTree(stored) : null;
	}

	/** A queue dead letter as the failure lifecycle writes it, dead-lettered at the given time. */
	private static String queueItem(String id, String at) {
		return "{\"id\":\"" + id + "\",\"payload\":\"" + id + "\",\"attempts\":0,\"headers\":{\"" + DeadLetterFields.AT
				+ "\":\"" + at + "\"},\"enqueuedAt\":1700000000000}";
	}

}

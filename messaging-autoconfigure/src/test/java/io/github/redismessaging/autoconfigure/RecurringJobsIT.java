package io.github.redismessaging.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.publish.Schedule;
import io.github.redismessaging.publish.ScheduledJob;
import io.github.redismessaging.queue.QueueEnvelope;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Recurring jobs on real Redis: three applications fire one schedule once per tick; a cron schedule fires at its
 * tick within one interval; ticks missed while no application ran give one catch-up job. Nothing consumes the
 * queues, so every job produced stays there to be counted. Each test has a key prefix of its own, so its schedules
 * are invisible to every other test.
 */
class RecurringJobsIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void threeInstancesProduceOneJobPerTick() {
		String prefix = prefix();
		ApplicationContextRunner instance = instance(prefix);
		instance.run((first) -> instance.run((second) -> instance.run((third) -> {
			RedisMessagingTemplate template = first.getBean(RedisMessagingTemplate.class);
			Instant start = Instant.now();
			template.schedule("every-second", "ticks", "tick", Schedule.every(Duration.ofSeconds(1)));
			Instant end = start.plusSeconds(10);
			awaitTime(end.plusMillis(1500));
			template.unschedule("every-second");

			List<QueueEnvelope> jobs = jobs(prefix + "ticks");
			assertThat(jobs).allSatisfy((job) -> {
				assertThat(job.headers()).containsEntry(Schedule.NAME_HEADER, "every-second");
				assertThat(new String(job.payload(), StandardCharsets.UTF_8)).isEqualTo("tick");
			});
			List<Instant> ticks = ticks(jobs);
			assertThat(ticks).as("never two jobs for one tick").doesNotHaveDuplicates();
			List<Instant> inWindow = ticks.stream().filter((tick) -> !tick.isAfter(end)).toList();
			assertThat(inWindow).as("jobs of the ticks in 10 s").hasSizeBetween(9, 11);
			for (int i = 1; i < ticks.size(); i++) {
				assertThat(Duration.between(ticks.get(i - 1), ticks.get(i))).as("no tick skipped")
					.isEqualTo(Duration.ofSeconds(1));
			}
		})));
	}

	@Test
	void cronScheduleFiresAtItsTickWithinOneInterval() {
		String prefix = prefix();
		Duration interval = Duration.ofMillis(500);
		instance(prefix).withPropertyValues("redis.messaging.schedules.interval=" + interval.toMillis() + "ms")
			.run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				template.schedule("even-seconds", "cron", "tick", Schedule.cron("*/2 * * * * *"));
				await().atMost(Duration.ofSeconds(6)).until(() -> jobs(prefix + "cron").size() >= 2);
				template.unschedule("even-seconds");

				List<QueueEnvelope> jobs = jobs(prefix + "cron");
				List<Instant> ticks = ticks(jobs);
				assertThat(Duration.between(ticks.get(0), ticks.get(1))).isEqualTo(Duration.ofSeconds(2));
				for (QueueEnvelope job : jobs) {
					Instant tick = Instant.parse(job.headers().get(Schedule.TICK_HEADER));
					assertThat(tick.getNano()).isZero();
					assertThat(tick.getEpochSecond() % 2).isZero();
					Duration late = Duration.between(tick, Instant.ofEpochMilli(job.enqueuedAt()));
					assertThat(late).as("enqueued after its tick, within one interval (and some slack)")
						.isGreaterThanOrEqualTo(Duration.ZERO)
						.isLessThan(interval.plusMillis(500));
				}
			});
	}

	@Test
	void ticksMissedWhileNoInstanceRanGiveOneCatchUpJob() {
		String prefix = prefix();
		instance(prefix).withPropertyValues("redis.messaging.schedules.interval=200ms").run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			// as if the schedule had been created 10.5 s ago and no instance had run since: 11 ticks missed
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			Instant firstTick = now.minusMillis(10_500);
			template.schedule("missed", "catch-up", "tick",
					Schedule.every(Duration.ofSeconds(1)).startingAt(firstTick));
			awaitTime(now.plusMillis(1800));
			List<ScheduledJob> schedules = template.schedules();
			template.unschedule("missed");

			List<Instant> ticks = ticks(jobs(prefix + "catch-up"));
			assertThat(ticks).as("one catch-up job for the missed ticks, for the latest of them")
				.filteredOn((tick) -> tick.isBefore(now))
				.containsExactly(now.minusMillis(500));
			assertThat(ticks).as("then the regular ticks").doesNotHaveDuplicates().hasSizeBetween(2, 3);
			assertThat(schedules).singleElement().satisfies((schedule) -> {
				assertThat(schedule.queue()).isEqualTo("catch-up");
				assertThat(schedule.schedule()).isEqualTo(Schedule.every(Duration.ofSeconds(1)));
				assertThat(ticks).contains(schedule.lastTick());
				assertThat(schedule.next()).isEqualTo(schedule.lastTick().plusSeconds(1));
			});
		});
	}

	@Test
	void scheduleAgainReplacesAndUnscheduleRemoves() {
		String prefix = prefix();
		instance(prefix).run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			template.schedule("report", "reports", "daily", Schedule.cron("0 0 9 * * *"));
			template.schedule("report", "reports", "hourly", Schedule.every(Duration.ofHours(1)));
			assertThat(template.schedules()).singleElement().satisfies((job) -> {
				assertThat(new String(job.payload(), StandardCharsets.UTF_8)).isEqualTo("hourly");
				assertThat(job.schedule()).isEqualTo(Schedule.every(Duration.ofHours(1)));
				assertThat(job.lastTick()).isNull();
			});
			assertThat(template.unschedule("report")).isTrue();
			assertThat(template.unschedule("report")).isFalse();
			assertThat(template.schedules()).isEmpty();
		});
	}

	@Test
	void invalidSchedulesAreRefusedNamingTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> Schedule.cron("*/2 * * *"))
			.withMessageContaining("cron expression '*/2 * * *'");
		assertThatIllegalArgumentException().isThrownBy(() -> Schedule.every(Duration.ofMillis(999)))
			.withMessageContaining("period")
			.withMessageContaining("PT0.999S");
		instance(prefix()).run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.schedule(" ", "q", "x", Schedule.every(Duration.ofSeconds(1))))
				.withMessageContaining("schedule name");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.schedule("name", "", "x", Schedule.every(Duration.ofSeconds(1))))
				.withMessageContaining("queue");
		});
	}

	private static ApplicationContextRunner instance(String prefix) {
		return MessagingContextRunners.standalone().withPropertyValues("redis.messaging.key-prefix=" + prefix);
	}

	private static String prefix() {
		return "it.schedule." + UUID.randomUUID() + ":";
	}

	/** Polls until the clock has passed a time: the tests observe what happens over a span of real time. */
	private static void awaitTime(Instant time) {
		await().atMost(Duration.between(Instant.now(), time).plusSeconds(1))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !Instant.now().isBefore(time));
	}

	private static List<QueueEnvelope> jobs(String queueKey) {
		return redis.commands()
			.lrange(queueKey, 0, -1)
			.stream()
			.map((item) -> QueueEnvelope.read(item.getBytes(StandardCharsets.UTF_8)))
			.toList();
	}

	private static List<Instant> ticks(List<QueueEnvelope> jobs) {
		return jobs.stream().map((job) -> Instant.parse(job.headers().get(Schedule.TICK_HEADER))).sorted().toList();
	}

}

package io.github.redismessaging.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two steps that fire a tick (enqueue with a marker, then claim), failing between them as a crash or an outage
 * would, on a real Redis 7: a tick is never lost and never fired twice.
 */
class RecurringJobTicksIT {

	private final RedisClient client = RedisClient.create(SharedRedis.standalone().uri());

	private final StatefulRedisConnection<String, String> connection = this.client.connect();

	private final RedisCommands<String, String> redis = this.connection.sync();

	private final RedisConnections connections = RedisConnections.of(() -> this.client);

	private final String prefix = "it.ticks." + UUID.randomUUID() + ":";

	private final RedisMessagingTemplate template = RedisMessagingTemplate.create(this.connections,
			PayloadCodec.json(JsonMapper.shared()), new KeyNames(this.prefix));

	private final String queue = "reports";

	private final String queueKey = this.prefix + this.queue;

	@AfterEach
	void close() {
		this.connections.close();
		this.connection.close();
		this.client.shutdown();
	}

	@Test
	void tickEnqueuedByAnInstanceThatDiedBeforeItsClaimIsClaimedWithoutASecondJob() {
		Instant tick = scheduleDueNow();
		// What an instance leaves when it dies between its enqueue and its claim: the job and the tick's marker.
		this.redis.lpush(this.queueKey, "{\"id\":\"crashed\",\"payload\":\"report\"}");
		this.redis.set("{" + this.queueKey + "}:unique:schedule:nightly:" + tick.toEpochMilli(), "crashed");

		assertThat(this.template.fireDueSchedules()).isZero();

		assertThat(this.redis.llen(this.queueKey)).as("jobs in the queue").isEqualTo(1);
		ScheduledJob job = only(this.template.schedules());
		assertThat(job.lastTick()).isEqualTo(tick);
		assertThat(job.next()).isEqualTo(tick.plus(Duration.ofHours(1)));
	}

	@Test
	void tickWhoseEnqueueFailsStaysDueAndIsFiredOnceRedisAcceptsIt() {
		Instant tick = scheduleDueNow();
		this.redis.set(this.queueKey, "not a list");

		assertThat(this.template.fireDueSchedules()).isZero();
		assertThat(only(this.template.schedules()).next()).as("still due").isEqualTo(tick);

		this.redis.del(this.queueKey);
		assertThat(this.template.fireDueSchedules()).isEqualTo(1);
		assertThat(this.template.fireDueSchedules()).isZero();
		assertThat(this.redis.llen(this.queueKey)).as("jobs in the queue").isEqualTo(1);
		assertThat(this.redis.lindex(this.queueKey, 0)).contains("\"schedule-tick\":\"" + tick + "\"");
		assertThat(only(this.template.schedules()).lastTick()).isEqualTo(tick);
	}

	@Test
	void scheduleOfTheLongestPeriodFiresItsTick() {
		Instant tick = Instant.ofEpochMilli(System.currentTimeMillis() - 1000);
		this.template.schedule("yearly", this.queue, "report", Schedule.every(Schedule.MAX_PERIOD).startingAt(tick));

		assertThat(this.template.fireDueSchedules()).isEqualTo(1);
		assertThat(this.redis.llen(this.queueKey)).as("jobs in the queue").isEqualTo(1);
		assertThat(only(this.template.schedules()).next()).isEqualTo(tick.plus(Schedule.MAX_PERIOD));
	}

	/** An hourly schedule whose first tick was a second ago: due now, and the tick after it is an hour away. */
	private Instant scheduleDueNow() {
		Instant tick = Instant.ofEpochMilli(System.currentTimeMillis() - 1000);
		this.template.schedule("nightly", this.queue, "report", Schedule.every(Duration.ofHours(1)).startingAt(tick));
		return tick;
	}

	private static ScheduledJob only(List<ScheduledJob> jobs) {
		assertThat(jobs).hasSize(1);
		return jobs.get(0);
	}

}

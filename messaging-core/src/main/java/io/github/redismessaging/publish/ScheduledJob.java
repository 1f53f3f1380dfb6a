package io.github.redismessaging.publish;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A recurring job as stored in Redis (see {@link RedisMessagingTemplate#schedules()}).
 *
 * @param name the schedule's name, unique per key prefix
 * @param queue the queue each tick's job goes to
 * @param payload the job's payload, as the codec encoded it (JSON by default)
 * @param schedule when it fires, without the first tick {@link Schedule#startingAt(Instant)} may have set
 * @param next the next tick, or {@code null} when a cron expression has none left
 * @param lastTick the last tick a job was produced for, or {@code null} if none yet
 */
public record ScheduledJob(String name, String queue, byte[] payload, Schedule schedule, @Nullable Instant next,
		@Nullable Instant lastTick) {

}

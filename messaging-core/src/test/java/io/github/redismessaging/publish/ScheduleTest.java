package io.github.redismessaging.publish;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The ticks of a {@link Schedule}: the next one, and the one catch-up tick after downtime.
 */
class ScheduleTest {

	private static final Instant NOON = Instant.parse("2024-05-01T12:00:00Z");

	@Test
	void catchUpOfEveryIsTheLatestMissedTickOnTheGrid() {
		Schedule schedule = Schedule.every(Duration.ofSeconds(10));
		Instant due = NOON.minusSeconds(3600);
		assertThat(schedule.latestAtOrBefore(due, NOON.plusMillis(9_999))).isEqualTo(NOON);
		assertThat(schedule.next(NOON)).isEqualTo(NOON.plusSeconds(10));
	}

	@Test
	void catchUpOfCronIsTheLatestMissedTickEvenAfterAWeek() {
		Schedule everySecond = Schedule.cron("* * * * * *", ZoneOffset.UTC);
		assertThat(everySecond.latestAtOrBefore(NOON.minus(Duration.ofDays(7)), NOON.plusMillis(500)))
			.isEqualTo(NOON);
		Schedule nineOClock = Schedule.cron("0 0 9 * * MON-FRI", ZoneOffset.UTC);
		// Wednesday noon; the last tick was Wednesday 9:00
		assertThat(nineOClock.latestAtOrBefore(Instant.parse("2024-04-01T09:00:00Z"), NOON))
			.isEqualTo(Instant.parse("2024-05-01T09:00:00Z"));
		assertThat(nineOClock.next(Instant.parse("2024-05-03T09:00:00Z")))
			.isEqualTo(Instant.parse("2024-05-06T09:00:00Z"));
	}

	@Test
	void firstTickIsOnePeriodAwayUnlessStartingAtSaysOtherwise() {
		assertThat(Schedule.every(Duration.ofMinutes(1)).first(NOON)).isEqualTo(NOON.plusSeconds(60));
		assertThat(Schedule.every(Duration.ofMinutes(1)).startingAt(NOON.minusSeconds(5)).first(NOON))
			.isEqualTo(NOON.minusSeconds(5));
		assertThat(Schedule.cron("0 0 * * * *", ZoneOffset.UTC).startingAt(NOON).first(Instant.EPOCH))
			.isEqualTo(NOON);
	}

	@Test
	void refusesBadValuesNamingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> Schedule.cron("61 * * * * *"))
			.withMessageContaining("cron expression '61 * * * * *' is invalid");
		assertThatIllegalArgumentException().isThrownBy(() -> Schedule.cron(" "))
			.withMessageContaining("cron expression must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> Schedule.every(Duration.ofMillis(500)))
			.withMessageContaining("PT0.5S");
	}

}

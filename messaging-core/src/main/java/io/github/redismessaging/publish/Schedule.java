package io.github.redismessaging.publish;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * When a recurring job fires (see {@link RedisMessagingTemplate#schedule(String, String, Object, Schedule)}): on the
 * ticks of a cron expression, or every fixed period. Immutable.
 * <p>
 * Ticks of {@link #every(Duration)} are a fixed rate: each is the previous one plus the period, so they do not
 * drift with how late an instance fires them. Ticks of {@link #cron(String)} are those of Spring's
 * {@link CronExpression} (six fields, seconds first, or a macro such as {@code @hourly}) in the schedule's zone,
 * which is stored with the schedule, so every instance computes the same ticks whatever its own zone.
 */
public final class Schedule {

	/** The shortest period of {@link #every(Duration)}. */
	public static final Duration MIN_PERIOD = Duration.ofSeconds(1);

	/** The longest period of {@link #every(Duration)}; use a cron expression for rarer jobs. */
	public static final Duration MAX_PERIOD = Duration.ofDays(366);

	/** The header that carries the name of the schedule that produced a job. */
	public static final String NAME_HEADER = "schedule";

	/**
	 * The header that carries the tick a job was produced for, as an ISO-8601 instant such as
	 * {@code 2024-05-01T09:00:00Z}.
	 */
	public static final String TICK_HEADER = "schedule-tick";

	private final @Nullable String expression;

	private final @Nullable CronExpression cron;

	private final @Nullable ZoneId zone;

	private final @Nullable Duration period;

	private final @Nullable Instant start;

	private Schedule(@Nullable String expression, @Nullable ZoneId zone, @Nullable Duration period,
			@Nullable Instant start) {
		this.expression = expression;
		this.cron = (expression != null) ? parse(expression) : null;
		this.zone = zone;
		this.period = period;
		this.start = start;
	}

	/**
	 * Fires on the ticks of a cron expression in the zone of this JVM, which is stored with the schedule.
	 * @param expression six fields ({@code second minute hour day-of-month month day-of-week}), for example
	 * {@code "0 *}{@code /5 * * * *"}, or a macro such as {@code @daily}
	 * @return the schedule
	 * @throws IllegalArgumentException if the expression is blank or not a valid cron expression
	 */
	public static Schedule cron(String expression) {
		return cron(expression, ZoneId.systemDefault());
	}

	/**
	 * Fires on the ticks of a cron expression in a zone.
	 * @param expression six fields, or a macro such as {@code @daily}
	 * @param zone the zone the expression is read in, for example {@code ZoneId.of("Europe/Paris")}
	 * @return the schedule
	 * @throws IllegalArgumentException if the expression is blank or not a valid cron expression, or the zone is
	 * null
	 */
	public static Schedule cron(String expression, ZoneId zone) {
		if (zone == null) {
			throw new IllegalArgumentException("zone must not be null");
		}
		Schedule schedule = new Schedule(Arguments.name(expression, "cron expression"), zone, null, null);
		if (schedule.next(Instant.now()) == null) {
			throw new IllegalArgumentException("cron expression '" + expression + "' never fires");
		}
		return schedule;
	}

	/**
	 * Fires every period, the first time one period from when it is scheduled.
	 * @param period at least {@link #MIN_PERIOD}, at most {@link #MAX_PERIOD}
	 * @return the schedule
	 * @throws IllegalArgumentException if the period is null, shorter than 1 s or longer than 366 days
	 */
	public static Schedule every(Duration period) {
		if (period == null || period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
			throw new IllegalArgumentException("period of every(...) must be at least " + MIN_PERIOD + " and at most "
					+ MAX_PERIOD + ", not " + period);
		}
		return new Schedule(null, null, Duration.ofMillis(period.toMillis()), null);
	}

	/**
	 * The same schedule with its first tick at a given time rather than one period (or the next cron tick) from
	 * when it is scheduled: for {@link #every(Duration)}, the first tick is {@code first} and the others follow it
	 * by the period; for a cron expression, it is the expression's first tick at or after {@code first}. A first
	 * tick in the past fires once, at once, as ticks missed while no instance ran do. Only the first tick is
	 * affected; it is not stored.
	 * @param first the first tick
	 * @return the schedule
	 * @throws IllegalArgumentException if {@code first} is null
	 */
	public Schedule startingAt(Instant first) {
		if (first == null) {
			throw new IllegalArgumentException("first tick must not be null");
		}
		return new Schedule(this.expression, this.zone, this.period, first);
	}

	/**
	 * The first tick of this schedule when scheduled at {@code now}.
	 * @return the tick, or {@code null} when a cron expression has none left
	 */
	@Nullable Instant first(Instant now) {
		if (this.start == null) {
			return next(now);
		}
		return (this.period != null) ? this.start : next(this.start.minusNanos(1));
	}

	/**
	 * The tick after a given one.
	 * @return the tick, or {@code null} when a cron expression has none left (or beyond the range of dates)
	 */
	@Nullable Instant next(Instant tick) {
		if (this.period != null) {
			return tick.plus(this.period);
		}
		ZonedDateTime next = Objects.requireNonNull(this.cron).next(tick.atZone(Objects.requireNonNull(this.zone)));
		return (next != null) ? next.toInstant() : null;
	}

	/**
	 * The latest tick at or before {@code now}, given a tick {@code due} at or before it: the one tick that a run
	 * after downtime fires. For a cron expression, ticks are looked for in windows that double backwards from now,
	 * so that a long downtime costs a few steps rather than one per missed tick.
	 */
	Instant latestAtOrBefore(Instant due, Instant now) {
		if (this.period != null) {
			long periods = Duration.between(due, now).toMillis() / this.period.toMillis();
			return due.plusMillis(periods * this.period.toMillis());
		}
		Instant latest = due;
		for (Duration back = Duration.ofSeconds(1);; back = back.multipliedBy(2)) {
			Instant from = now.minus(back);
			boolean reachedDue = !from.isAfter(latest);
			Instant tick = next(reachedDue ? latest : from);
			if (tick != null && !tick.isAfter(now)) {
				latest = tick;
				break;
			}
			if (reachedDue) {
				return latest;
			}
		}
		for (Instant tick = next(latest); tick != null && !tick.isAfter(now); tick = next(latest)) {
			latest = tick;
		}
		return latest;
	}

	/**
	 * Writes this schedule's fields into a stored definition: {@code cron} and {@code zone}, or {@code everyMillis}.
	 */
	void write(ObjectNode node) {
		if (this.period != null) {
			node.put("everyMillis", this.period.toMillis());
		}
		else {
			node.put("cron", this.expression);
			node.put("zone", Objects.requireNonNull(this.zone).getId());
		}
	}

	/**
	 * Reads the schedule of a stored definition, which is untrusted.
	 * @throws IllegalArgumentException if its fields do not make a valid schedule
	 */
	static Schedule read(JsonNode node) {
		JsonNode every = node.get("everyMillis");
		if (every != null) {
			if (!every.isIntegralNumber() || !every.canConvertToLong()) {
				throw new IllegalArgumentException("'everyMillis' is not a whole number: " + every);
			}
			return every(Duration.ofMillis(every.asLong()));
		}
		JsonNode cron = node.get("cron");
		JsonNode zone = node.get("zone");
		if (cron == null || !cron.isString() || zone == null || !zone.isString()) {
			throw new IllegalArgumentException("neither 'everyMillis' nor 'cron' and 'zone' are given");
		}
		try {
			return cron(cron.asString(), ZoneId.of(zone.asString()));
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("'zone' is not a zone id: " + zone, ex);
		}
	}

	private static CronExpression parse(String expression) {
		try {
			return CronExpression.parse(expression);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("cron expression '" + expression + "' is invalid: " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof Schedule that && Objects.equals(this.expression, that.expression)
				&& Objects.equals(this.zone, that.zone) && Objects.equals(this.period, that.period)
				&& Objects.equals(this.start, that.start);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.expression, this.zone, this.period, this.start);
	}

	@Override
	public String toString() {
		String ticks = (this.period != null) ? "every(" + this.period + ")"
				: "cron(" + this.expression + ", " + this.zone + ")";
		return (this.start != null) ? ticks + ".startingAt(" + this.start + ")" : ticks;
	}

}

package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.List;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.github.redismessaging.listener.ListenerAttributes;

/**
 * The delays between the retries of a failed message: Spring's {@link ExponentialBackOff} from the attributes
 * {@value #DELAY}, {@value #MULTIPLIER}, {@value #MAX_DELAY} and {@value #JITTER}. Queue listeners take the first
 * three also from the shorthand {@code backoff = "delay[,multiplier[,maxDelay]]"} (see
 * {@link ListenerAttributes#BACKOFF}). Internal: shared by the stream and queue containers.
 *
 * @param delay the delay before the first retry
 * @param multiplier the factor each further delay grows by, at least 1
 * @param maxDelay the longest delay
 * @param jitter how far a delay may randomly stray, scaled as the delay grows; zero for none
 */
public record RetryBackOff(Duration delay, double multiplier, Duration maxDelay, Duration jitter) {

	/** The attribute of the delay before the first retry. */
	public static final String DELAY = "backoff.delay";

	/** The attribute of the factor each further delay grows by. */
	public static final String MULTIPLIER = "backoff.multiplier";

	/** The attribute of the longest delay. */
	public static final String MAX_DELAY = "backoff.maxDelay";

	/** The attribute of the random deviation of each delay. */
	public static final String JITTER = "backoff.jitter";

	/**
	 * Reads and validates the backoff attributes of a listener.
	 * @param attributes the listener's attributes
	 * @return the backoff
	 * @throws io.github.redismessaging.listener.ListenerConfigurationException if a part is missing or invalid
	 */
	public static RetryBackOff from(ListenerAttributes attributes) {
		Duration delay = notNegative(attributes, DELAY);
		double multiplier = attributes.get(MULTIPLIER, Double.class);
		if (!(multiplier >= 1)) {
			throw attributes.invalid(MULTIPLIER, "must be at least 1 but is " + attributes.getString(MULTIPLIER)
					+ " (from " + attributes.source(MULTIPLIER) + ")", List.of("a number of at least 1, such as 2"));
		}
		return new RetryBackOff(delay, multiplier, notNegative(attributes, MAX_DELAY),
				notNegative(attributes, JITTER));
	}

	/**
	 * Starts the delays of one message's retries.
	 * @return the execution, whose {@link BackOffExecution#nextBackOff()} gives the delay before each retry
	 */
	public BackOffExecution start() {
		ExponentialBackOff backOff = new ExponentialBackOff(this.delay.toMillis(), this.multiplier);
		backOff.setMaxInterval(this.maxDelay.toMillis());
		backOff.setJitter(this.jitter.toMillis());
		return backOff.start();
	}

	/**
	 * The delay before one retry, for retries that are not counted in one place (a queue item's attempts are
	 * counted in Redis).
	 * @param retry the retry, 1 for the first
	 * @return the delay in milliseconds
	 */
	public long delayMillis(int retry) {
		BackOffExecution execution = start();
		long delay = execution.nextBackOff();
		// past 64 retries every delay has long reached the maximum
		for (int i = 1; i < Math.min(retry, 64); i++) {
			delay = execution.nextBackOff();
		}
		return delay;
	}

	private static Duration notNegative(ListenerAttributes attributes, String name) {
		Duration duration = attributes.get(name, Duration.class);
		if (duration.isNegative()) {
			throw attributes.invalid(name, "must not be negative but is " + duration + " (from "
					+ attributes.source(name) + ")", List.of("a duration such as 500ms, 2s or 1m"));
		}
		return duration;
	}

}

package io.github.redismessaging.metrics;

import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.listener.ListenerKind;

/**
 * Micrometer observations around sending and handling messages (see {@link RedisMessagingObservation} for their
 * keys). They are on when the registry is not a no-op one: then each handled message is timed by its observation
 * alone (the meter handler's timer {@value #PROCESS}), else by the plain timer of the same name and no observation
 * object is created. With Micrometer Tracing configured, the send observation writes the trace context into the
 * message headers (stored as {@code h.<name>} stream fields and queue envelope headers), and the handling
 * observation continues that trace. Pub/sub messages carry no headers, so their handling starts a new trace.
 */
public final class MessagingObservations {

	/** Name of the observation around handling a message, and of the timer either way. */
	public static final String PROCESS = "redis.messaging.process";

	/** Name of the observation around appending or enqueueing a message. */
	public static final String SEND = "redis.messaging.send";

	private static final DefaultRedisTemplateObservationConvention DEFAULT_TEMPLATE_CONVENTION =
			new DefaultRedisTemplateObservationConvention();

	private final ObservationRegistry registry;

	private final boolean enabled;

	private final @Nullable RedisListenerObservationConvention listenerConvention;

	private final @Nullable RedisTemplateObservationConvention templateConvention;

	/**
	 * Creates the observations with the default conventions.
	 * @param registry the registry; a no-op one ({@link ObservationRegistry#isNoop()}) observes nothing
	 */
	public MessagingObservations(ObservationRegistry registry) {
		this(registry, null, null);
	}

	/**
	 * Creates the observations.
	 * @param registry the registry; a no-op one ({@link ObservationRegistry#isNoop()}) observes nothing
	 * @param listenerConvention replaces {@link DefaultRedisListenerObservationConvention}, or {@code null}
	 * @param templateConvention replaces {@link DefaultRedisTemplateObservationConvention}, or {@code null}
	 */
	public MessagingObservations(ObservationRegistry registry,
			@Nullable RedisListenerObservationConvention listenerConvention,
			@Nullable RedisTemplateObservationConvention templateConvention) {
		this.registry = registry;
		// Once, here: the hot path then takes one branch and builds nothing when observations are off.
		this.enabled = !registry.isNoop();
		this.listenerConvention = listenerConvention;
		this.templateConvention = templateConvention;
	}

	/**
	 * Whether messages are observed: the registry is not a no-op one.
	 * @return whether observations are on
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Observes sending, letting tracing add headers to {@code headers} first.
	 * @param kind {@code stream} or {@code queue}
	 * @param destination the stream or queue
	 * @param headers the message's headers, writable
	 * @return the started observation, {@link Observation#NOOP} when observations are off; stop it after sending
	 */
	public Observation startSend(String kind, String destination, Map<String, String> headers) {
		if (!this.enabled) {
			return Observation.NOOP;
		}
		RedisMessageSenderContext context = new RedisMessageSenderContext(kind, destination, headers);
		return RedisMessagingObservation.TEMPLATE
			.observation(this.templateConvention, DEFAULT_TEMPLATE_CONVENTION, () -> context, this.registry)
			.start();
	}

	/**
	 * The timing of the messages one listener handles: by observation when observations are on, else by the
	 * listener's plain timer ({@link ListenerMetrics#processed}).
	 * @param kind the listener kind
	 * @param listenerId the listener id
	 * @param metrics the listener's meters
	 * @return the timing
	 */
	public ProcessTiming timing(ListenerKind kind, String listenerId, ListenerMetrics metrics) {
		return this.enabled
				? new ObservedProcessTiming(this.registry, this.listenerConvention, kind.propertyName(), listenerId)
				: new TimerProcessTiming(metrics);
	}

	/**
	 * A listener call that may throw anything a listener method throws.
	 */
	@FunctionalInterface
	public interface ListenerCall {

		/**
		 * Calls the listener.
		 * @throws Exception whatever the listener throws
		 */
		void run() throws Exception;

	}

	/**
	 * Observations that record nothing.
	 * @return the no-op observations
	 */
	public static MessagingObservations none() {
		return new MessagingObservations(ObservationRegistry.NOOP);
	}

}

package io.github.redismessaging.metrics;

import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;

/**
 * Micrometer observations around sending and handling messages, with the OpenTelemetry messaging keys
 * ({@code messaging.system=redis}, {@code messaging.operation}, {@code messaging.destination.name}) beside
 * {@code kind}, {@code listener} and {@code destination}. With Micrometer Tracing configured, the send
 * observation writes the trace context into the message headers (stored as {@code h.<name>} stream fields and
 * queue envelope headers), and the handling observation continues that trace. Pub/sub messages carry no
 * headers, so their handling starts a new trace.
 */
public final class MessagingObservations {

	/** Name of the observation around handling a message. */
	public static final String PROCESS = "redis.messaging.listener";

	/** Name of the observation around appending or enqueueing a message. */
	public static final String SEND = "redis.messaging.send";

	/** OpenTelemetry messaging key: the messaging system, always {@code redis}. */
	public static final String MESSAGING_SYSTEM = "messaging.system";

	/** OpenTelemetry messaging key: {@code send} or {@code process}. */
	public static final String MESSAGING_OPERATION = "messaging.operation";

	/** OpenTelemetry messaging key: the stream, queue, channel or pattern. */
	public static final String MESSAGING_DESTINATION = "messaging.destination.name";

	private final ObservationRegistry registry;

	/**
	 * Creates the observations.
	 * @param registry the registry; {@link ObservationRegistry#NOOP} observes nothing
	 */
	public MessagingObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Observes sending, letting tracing add headers to {@code headers} first.
	 * @param kind {@code stream} or {@code queue}
	 * @param destination the stream or queue
	 * @param headers the message's headers, writable
	 * @return the started observation; stop it after sending
	 */
	public Observation startSend(String kind, String destination, Map<String, String> headers) {
		SenderContext<Map<String, String>> context = new SenderContext<>(Map::put, Kind.PRODUCER);
		context.setCarrier(headers);
		context.setRemoteServiceName("redis");
		return Observation.createNotStarted(SEND, () -> context, this.registry)
			.lowCardinalityKeyValue("kind", kind)
			.lowCardinalityKeyValue("destination", destination)
			.lowCardinalityKeyValue(MESSAGING_SYSTEM, "redis")
			.lowCardinalityKeyValue(MESSAGING_OPERATION, "send")
			.lowCardinalityKeyValue(MESSAGING_DESTINATION, destination)
			.contextualName(destination + " send")
			.start();
	}

	/**
	 * Observes handling a message, continuing the trace found in its headers.
	 * @param kind the listener kind
	 * @param listenerId the listener id
	 * @param destination the stream, queue, channel or pattern
	 * @param headers the message's headers
	 * @return the started observation; stop it after handling (with the error, if any)
	 */
	public Observation startProcess(String kind, String listenerId, String destination, Map<String, ?> headers) {
		ReceiverContext<Map<String, ?>> context = new ReceiverContext<>((carrier, key) -> {
			Object value = carrier.get(key);
			return (value != null) ? value.toString() : null;
		}, Kind.CONSUMER);
		context.setCarrier(headers);
		context.setRemoteServiceName("redis");
		return Observation.createNotStarted(PROCESS, () -> context, this.registry)
			.lowCardinalityKeyValue("kind", kind)
			.lowCardinalityKeyValue("listener", listenerId)
			.lowCardinalityKeyValue("destination", destination)
			.lowCardinalityKeyValue(MESSAGING_SYSTEM, "redis")
			.lowCardinalityKeyValue(MESSAGING_OPERATION, "process")
			.lowCardinalityKeyValue(MESSAGING_DESTINATION, destination)
			.contextualName(destination + " process")
			.start();
	}

	/**
	 * Runs a listener call inside a handling observation.
	 * @param kind the listener kind
	 * @param listenerId the listener id
	 * @param destination the stream, queue, channel or pattern
	 * @param headers the message's headers
	 * @param call the call
	 * @throws Exception whatever the call throws, after it was recorded on the observation
	 */
	public void observeProcess(String kind, String listenerId, String destination, Map<String, ?> headers,
			ListenerCall call) throws Exception {
		Observation observation = startProcess(kind, listenerId, destination, headers);
		try (Observation.Scope scope = observation.openScope()) {
			call.run();
		}
		catch (Exception | Error ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
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

package io.github.redismessaging.metrics;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.metrics.ListenerMetrics.Outcome;

/**
 * The context of the {@link RedisMessagingObservation#LISTENER} observation around handling one message. Its
 * carrier is the message's headers, from which tracing reads the trace context that the sender wrote (stream
 * fields {@code h.<name>}, queue envelope headers); pub/sub messages carry none.
 */
public class RedisMessageReceiverContext extends ReceiverContext<Map<String, ?>> {

	private final String kind;

	private final String listenerId;

	private final String destination;

	private @Nullable Outcome outcome;

	/** The default convention's key values, computed once per listener and destination; or {@code null}. */
	final @Nullable ListenerKeyValues keyValues;

	/**
	 * Creates the context.
	 * @param kind the listener kind: {@code stream}, {@code queue} or {@code pubsub}
	 * @param listenerId the listener id
	 * @param destination the subscribed channel or pattern, the stream or the queue
	 * @param headers the message's headers
	 */
	public RedisMessageReceiverContext(String kind, String listenerId, String destination, Map<String, ?> headers) {
		this(kind, listenerId, destination, headers, null);
	}

	RedisMessageReceiverContext(String kind, String listenerId, String destination, Map<String, ?> headers,
			@Nullable ListenerKeyValues keyValues) {
		super(RedisMessageReceiverContext::header, Kind.CONSUMER);
		this.kind = kind;
		this.listenerId = listenerId;
		this.destination = destination;
		this.keyValues = keyValues;
		setCarrier(headers);
		setRemoteServiceName("redis");
	}

	private static @Nullable String header(Map<String, ?> headers, String name) {
		Object value = headers.get(name);
		return (value != null) ? value.toString() : null;
	}

	/**
	 * The listener kind.
	 * @return {@code stream}, {@code queue} or {@code pubsub}
	 */
	public String getListenerKind() {
		return this.kind;
	}

	/**
	 * The listener id.
	 * @return the id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * The subscribed channel or pattern, the stream or the queue.
	 * @return the destination
	 */
	public String getDestination() {
		return this.destination;
	}

	/**
	 * How handling the message ended.
	 * @return the outcome, {@code null} until the observation stops
	 */
	public @Nullable Outcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets how handling the message ended; the containers do so just before stopping the observation.
	 * @param outcome the outcome
	 */
	public void setOutcome(Outcome outcome) {
		this.outcome = outcome;
	}

}

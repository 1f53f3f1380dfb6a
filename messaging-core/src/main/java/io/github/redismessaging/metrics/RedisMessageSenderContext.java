package io.github.redismessaging.metrics;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * The context of the {@link RedisMessagingObservation#TEMPLATE} observation around appending or enqueueing one
 * message. Its carrier is the message's headers, writable: tracing puts the trace context there, and it travels
 * as stream fields {@code h.<name>} or queue envelope headers.
 */
public class RedisMessageSenderContext extends SenderContext<Map<String, String>> {

	private final String kind;

	private final String destination;

	/**
	 * Creates the context.
	 * @param kind the kind of destination: {@code stream} or {@code queue}
	 * @param destination the stream or the queue
	 * @param headers the message's headers, writable
	 */
	public RedisMessageSenderContext(String kind, String destination, Map<String, String> headers) {
		super(Map::put, Kind.PRODUCER);
		this.kind = kind;
		this.destination = destination;
		setCarrier(headers);
		setRemoteServiceName("redis");
	}

	/**
	 * The kind of destination.
	 * @return {@code stream} or {@code queue}
	 */
	public String getDestinationKind() {
		return this.kind;
	}

	/**
	 * The stream or the queue.
	 * @return the destination
	 */
	public String getDestination() {
		return this.destination;
	}

}

package io.github.redismessaging.listener;

/**
 * The three kinds of listener, each with its annotation and its property namespace
 * {@code redis.messaging.<propertyName>.defaults.*}.
 */
public enum ListenerKind {

	/** {@code @RedisSubscriber}: SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE. */
	PUBSUB("pubsub", "@RedisSubscriber"),

	/** {@code @StreamListener}: stream consumer groups and fan-out reads. */
	STREAM("stream", "@StreamListener"),

	/** {@code @QueueListener}: list queues. */
	QUEUE("queue", "@QueueListener");

	private final String propertyName;

	private final String annotationName;

	ListenerKind(String propertyName, String annotationName) {
		this.propertyName = propertyName;
		this.annotationName = annotationName;
	}

	/**
	 * The segment used in property names and metric tags, for example {@code pubsub}.
	 * @return the property name segment
	 */
	public String propertyName() {
		return this.propertyName;
	}

	/**
	 * The annotation that declares this kind, for messages.
	 * @return for example {@code @RedisSubscriber}
	 */
	public String annotationName() {
		return this.annotationName;
	}

}

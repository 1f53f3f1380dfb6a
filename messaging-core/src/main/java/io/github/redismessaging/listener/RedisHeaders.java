package io.github.redismessaging.listener;

/**
 * Names of the message headers that containers set, for {@code @Header} arguments of listener methods.
 */
public final class RedisHeaders {

	/** The channel a pub/sub message was published to ({@code String}). */
	public static final String CHANNEL = "redis_channel";

	/** The pattern that matched a PSUBSCRIBE message ({@code String}); absent for channel subscriptions. */
	public static final String PATTERN = "redis_pattern";

	/** Whether a pub/sub message came through a sharded subscription ({@code Boolean}). */
	public static final String SHARDED = "redis_sharded";

	/** The id of a stream entry ({@code String}, for example {@code 1700000000000-0}). */
	public static final String ID = "redis_id";

	/** The stream an entry was read from ({@code String}, the key with any prefix). */
	public static final String STREAM = "redis_stream";

	/** The consumer group an entry was read by ({@code String}); absent for fan-out reads. */
	public static final String GROUP = "redis_group";

	/** How many times a stream entry has been delivered, this delivery included ({@code Long}). */
	public static final String DELIVERY_COUNT = "redis_deliveryCount";

	/** The queue an item was taken from ({@code String}, the key with any prefix). */
	public static final String QUEUE = "redis_queue";

	/**
	 * How many deliveries of a queue item failed or were lost (its lease expired) before this one ({@code Integer}).
	 */
	public static final String ATTEMPTS = "redis_attempts";

	/** All fields of a stream entry as stored ({@code Map<String, String>}). */
	public static final String FIELDS = "redis_fields";

	/** The {@link Acknowledgment} of the message, with {@code ackMode = MANUAL}. */
	public static final String ACKNOWLEDGMENT = "redis_acknowledgment";

	/** The id of the listener that handles the message ({@code String}). */
	public static final String LISTENER_ID = "redis_listenerId";

	private RedisHeaders() {
	}

}

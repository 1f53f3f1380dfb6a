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

	/** The id of the listener that handles the message ({@code String}). */
	public static final String LISTENER_ID = "redis_listenerId";

	private RedisHeaders() {
	}

}

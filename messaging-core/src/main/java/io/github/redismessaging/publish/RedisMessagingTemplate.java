package io.github.redismessaging.publish;

import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;

/**
 * Publishes messages, encoding payloads with the {@link PayloadCodec} (strings and byte arrays as they are,
 * other objects as JSON by default). Thread-safe; all calls share one pipelined connection.
 */
public interface RedisMessagingTemplate {

	/**
	 * Publishes to a channel with PUBLISH.
	 * @param channel the channel
	 * @param payload the payload
	 * @return the number of subscribers that received it; in a cluster, only those connected to the node that
	 * handled the command, although Redis delivers it to subscribers on every node
	 */
	long publish(String channel, Object payload);

	/**
	 * Publishes to a sharded channel with SPUBLISH (Redis 7); in a cluster it goes to the master that owns the
	 * channel's slot.
	 * @param channel the sharded channel
	 * @param payload the payload
	 * @return the number of subscribers that received it
	 */
	long publishSharded(String channel, Object payload);

	/**
	 * Creates a template.
	 * @param connections the connections to Redis
	 * @param codec encodes payloads
	 * @return the template
	 */
	static RedisMessagingTemplate create(RedisConnections connections, PayloadCodec codec) {
		return new DefaultRedisMessagingTemplate(connections, codec);
	}

}

/**
 * {@code @RedisSubscriber} containers: SUBSCRIBE, PSUBSCRIBE and sharded SSUBSCRIBE, standalone and cluster.
 */
@NullMarked
package io.github.redismessaging.pubsub;

import org.jspecify.annotations.NullMarked;

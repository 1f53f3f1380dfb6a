/**
 * The annotations that turn methods into listeners ({@code @RedisSubscriber}, {@code @StreamListener},
 * {@code @QueueListener}), {@code @EnableRedisMessaging}, and the post-processor that registers them.
 */
@NullMarked
package io.github.redismessaging.annotation;

import org.jspecify.annotations.NullMarked;

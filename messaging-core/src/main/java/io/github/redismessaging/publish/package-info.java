/**
 * {@code RedisMessagingTemplate}: publishing, appending to streams, enqueueing, and reading or replaying dead
 * letters.
 */
@NullMarked
package io.github.redismessaging.publish;

import org.jspecify.annotations.NullMarked;

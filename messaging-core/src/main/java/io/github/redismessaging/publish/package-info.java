/**
 * {@code RedisMessagingTemplate}: publishing, appending to streams, enqueueing, reading, replaying and deleting
 * dead letters, and the inspections behind an operations console (pending entries, claims, stream info, delayed
 * items, leases, dead-lettering pending entries by hand).
 */
@NullMarked
package io.github.redismessaging.publish;

import org.jspecify.annotations.NullMarked;

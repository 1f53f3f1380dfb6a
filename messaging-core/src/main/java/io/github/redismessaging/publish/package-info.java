/**
 * {@code RedisMessagingTemplate}: publishing, appending to streams, enqueueing (optionally waiting for replicas:
 * {@code Durability}), reading, replaying and deleting dead letters, and the inspections behind an operations console
 * (pending entries, claims, stream info, delayed items, leases, dead-lettering pending entries by hand), and
 * recurring jobs ({@code Schedule}).
 */
@NullMarked
package io.github.redismessaging.publish;

import org.jspecify.annotations.NullMarked;

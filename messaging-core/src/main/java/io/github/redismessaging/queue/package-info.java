/**
 * {@code @QueueListener} containers: list queues under leases (at least once), pops without a lease (at most once) and
 * rotation (circular), with retries, delays and dead letters.
 */
@NullMarked
package io.github.redismessaging.queue;

import org.jspecify.annotations.NullMarked;

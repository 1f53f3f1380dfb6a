/**
 * {@code @StreamListener} containers: consumer groups with batched acknowledgments, pending recovery and
 * dead-letter streams, and fan-out reads.
 */
@NullMarked
package io.github.redismessaging.stream;

import org.jspecify.annotations.NullMarked;

/**
 * Internal machinery that the container packages share: the fetch loop, bounded workers, batched completions,
 * failure tracking, throttled logs, and the safe calls of error handlers and dead-letter customizers. Not an API:
 * it may change in any release.
 */
@NullMarked
package io.github.redismessaging.listener.support;

import org.jspecify.annotations.NullMarked;

/**
 * The listener contract shared by every kind: endpoints, attributes, invokers (single, batch, asynchronous
 * results), error handlers, the registry, and the polling machinery (fetch loop, bounded workers, batched
 * completions). Classes documented as internal are for this library's containers only.
 */
@NullMarked
package io.github.redismessaging.listener;

import org.jspecify.annotations.NullMarked;

/**
 * The listener contract shared by every kind: endpoints and their attributes, the invoker interfaces (single and
 * batch), containers and their registry, error handlers and the dead-letter customizer, and the exceptions and
 * headers a listener sees. The adapters from methods to messages are in {@code listener.adapter}; the machinery the
 * containers share is in {@code listener.support}, which is internal.
 */
@NullMarked
package io.github.redismessaging.listener;

import org.jspecify.annotations.NullMarked;

/**
 * Adapts listener methods to messages: the invokers (single, batch, asynchronous results), their factory, the
 * payload converter and the startup checks of method signatures, all through spring-messaging.
 */
@NullMarked
package io.github.redismessaging.listener.adapter;

import org.jspecify.annotations.NullMarked;

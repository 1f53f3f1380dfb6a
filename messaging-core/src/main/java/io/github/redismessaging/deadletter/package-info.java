/**
 * Dead letters of streams and queues: the {@code dlq.*} fields that say why and when a message was given up
 * ({@link io.github.redismessaging.deadletter.DeadLetterFields}), and the one shape in which the template and the
 * actuator endpoint show a dead letter of either kind ({@link io.github.redismessaging.deadletter.DeadLetter}).
 */
@NullMarked
package io.github.redismessaging.deadletter;

import org.jspecify.annotations.NullMarked;

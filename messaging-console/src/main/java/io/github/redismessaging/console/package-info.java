/**
 * The operations console: a web page, served beside the {@code redismessaging} actuator endpoint, that shows the
 * listeners, their rates, lag and dead letters live, and runs the endpoint's actions.
 */
@NullMarked
package io.github.redismessaging.console;

import org.jspecify.annotations.NullMarked;

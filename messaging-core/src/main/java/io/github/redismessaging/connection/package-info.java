/**
 * Lettuce connections for listeners and the template: one shared connection, dedicated ones for blocking
 * reads, and Lua scripts run by SHA with a fallback to their source.
 */
@NullMarked
package io.github.redismessaging.connection;

import org.jspecify.annotations.NullMarked;

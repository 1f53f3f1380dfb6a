/**
 * Micrometer meters and observations of listeners and the template.
 */
@NullMarked
package io.github.redismessaging.metrics;

import org.jspecify.annotations.NullMarked;

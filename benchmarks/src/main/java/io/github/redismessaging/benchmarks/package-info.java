/**
 * The benchmark: the starter against hand-written Lettuce loops and other libraries, on the same Redis in the
 * same run, reported as ratios.
 */
@NullMarked
package io.github.redismessaging.benchmarks;

import org.jspecify.annotations.NullMarked;

/**
 * The sample application: one listener of each kind and a REST controller that feeds them.
 */
@NullMarked
package io.github.redismessaging.sample;

import org.jspecify.annotations.NullMarked;

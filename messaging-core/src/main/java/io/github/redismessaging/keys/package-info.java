/**
 * Key names: the optional key prefix and the {@code {name}:suffix} companions that share a name's hash slot.
 */
@NullMarked
package io.github.redismessaging.keys;

import org.jspecify.annotations.NullMarked;

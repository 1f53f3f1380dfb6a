/**
 * Payload codecs: how payloads are written to and read from Redis (JSON through Jackson by default).
 */
@NullMarked
package io.github.redismessaging.codec;

import org.jspecify.annotations.NullMarked;

/**
 * Spring Boot auto-configuration: {@code redis.messaging.*} properties, the container factories, health, and the
 * actuator endpoint.
 */
@NullMarked
package io.github.redismessaging.autoconfigure;

import org.jspecify.annotations.NullMarked;

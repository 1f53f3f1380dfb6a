package io.github.redismessaging.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on detection of {@link RedisSubscriber} methods without Spring Boot auto-configuration. The context must
 * also hold a {@code ListenerContainerFactory} for each listener kind used. With the starter on the classpath,
 * Boot does all of this and this annotation is not needed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(RedisMessagingConfiguration.class)
public @interface EnableRedisMessaging {

}

package io.github.redismessaging.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method that receives Redis pub/sub messages: SUBSCRIBE to {@link #channels()}, PSUBSCRIBE to
 * {@link #patterns()}, or, with {@link #sharded()}, SSUBSCRIBE to sharded channels (Redis 7).
 * <p>
 * Delivery is at most once: only subscribers connected when a message is published receive it. Messages are
 * handed from the Redis connection to worker threads through a bounded buffer; by default one worker keeps
 * the order of messages. With {@code concurrency > 1}, messages of the same channel still keep their order,
 * because each channel is always handled by the same worker.
 * <p>
 * Every attribute is a string that accepts {@code ${...}} placeholders and {@code #{...}} expressions, and can
 * be overridden by {@code redis.messaging.listeners.<id>.*} properties.
 * <pre class="code">
 * &#64;RedisSubscriber(channels = "prices", patterns = "mail-*")
 * void onPrice(Price price, &#64;Header(RedisHeaders.CHANNEL) String channel) { ... }
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ListenerReflectiveProcessor.class)
public @interface RedisSubscriber {

	/**
	 * The unique listener id, used for {@code redis.messaging.listeners.<id>.*} properties, metrics and the
	 * actuator endpoint. Defaults to {@code <beanName>-<methodName>}; set it explicitly for stable metric names.
	 * @return the id
	 */
	String id() default "";

	/**
	 * Channels to subscribe to; an element may also be a comma-separated list.
	 * @return the channels
	 */
	String[] channels() default {};

	/**
	 * Glob-style patterns to subscribe to with PSUBSCRIBE, for example {@code mail-*}. Not allowed with
	 * {@link #sharded()}.
	 * @return the patterns
	 */
	String[] patterns() default {};

	/**
	 * Whether {@link #channels()} are sharded channels (SSUBSCRIBE, published with SPUBLISH). In a cluster each
	 * channel is subscribed at the master that owns its slot, and moved when the slot moves. Default
	 * {@code false}.
	 * @return {@code "true"} or {@code "false"}
	 */
	String sharded() default "";

	/**
	 * The number of worker threads that run the method. Default {@code 1}, which keeps the order of all messages.
	 * @return the number of workers
	 */
	String concurrency() default "";

	/**
	 * Where the method runs: {@code WORKERS} (default), on the listener's worker threads behind a bounded buffer; or
	 * {@code EVENT_LOOP}, on the Lettuce event loop that received the message, with no hand-off, for methods that
	 * take microseconds and never block (see {@link io.github.redismessaging.pubsub.Dispatch}). {@code EVENT_LOOP}
	 * needs {@code concurrency} 1 and a method that returns {@code void}.
	 * @return {@code "WORKERS"} or {@code "EVENT_LOOP"}
	 */
	String dispatch() default "";

	/**
	 * How long an asynchronous result ({@code CompletionStage}, {@code Mono}) is awaited before it counts as
	 * failed, for example {@code 10s}. Default {@code 30s}.
	 * @return the timeout
	 */
	String asyncTimeout() default "";

	/**
	 * Whether the listener starts with the application context. Default {@code true}.
	 * @return {@code "true"} or {@code "false"}
	 */
	String autoStartup() default "";

}

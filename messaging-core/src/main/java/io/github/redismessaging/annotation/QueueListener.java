package io.github.redismessaging.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method that consumes a Redis list used as a work queue.
 * <ul>
 * <li>{@code AT_LEAST_ONCE} (default): items are taken in batches, each under one lease, which the consumer
 * extends while it works, and finished after the method returns. A failed item is retried after a backoff, up to
 * {@link #maxAttempts()}, then moved to {@code {queue}:dlq}. An item whose lease runs out (a crashed or cut-off
 * consumer) returns to the queue; one whose lease ran out {@code maxAttempts} times is dead-lettered.</li>
 * <li>{@code AT_MOST_ONCE}: a pop without a lease; fastest, but an item in flight in a crashed consumer is lost.</li>
 * <li>{@code CIRCULAR}: each item is rotated to the other end of the same list (LMOVE), so workers cycle over a
 * fixed set of items forever and a crash loses nothing.</li>
 * </ul>
 * Every attribute is a string that accepts {@code ${...}} placeholders and can be overridden by
 * {@code redis.messaging.listeners.<id>.*} properties.
 * <pre class="code">
 * &#64;QueueListener(queue = "emails", concurrency = "8", maxAttempts = "5")
 * void send(EmailJob job) { ... }
 * </pre>
 * A method whose payload parameter is a {@code List<T>} or {@code List<Message<T>>} is a batch listener: it gets
 * up to {@link #batchSize()} items per call, finished together once it returns. It may throw
 * {@link io.github.redismessaging.listener.BatchListenerFailedException} to name the item that failed: the items
 * before it are finished, it and the rest are retried one by one.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ListenerReflectiveProcessor.class)
public @interface QueueListener {

	/**
	 * The unique listener id. Defaults to {@code <beanName>-<methodName>}.
	 * @return the id
	 */
	String id() default "";

	/**
	 * The queue (list) to consume.
	 * @return the queue name, before the key prefix
	 */
	String queue() default "";

	/**
	 * Several queues in priority order, instead of {@link #queue()}: an item of an earlier queue is always taken
	 * before any item of a later one.
	 * @return the queue names
	 */
	String[] queues() default {};

	/**
	 * {@code AT_LEAST_ONCE} (default), {@code AT_MOST_ONCE} or {@code CIRCULAR}.
	 * @return the mode
	 */
	String mode() default "";

	/**
	 * Worker threads running the method. Default {@code 1}.
	 * @return the number of workers
	 */
	String concurrency() default "";

	/**
	 * The most items one take moves under one lease, and the most a batch listener (a {@code List<T>} or
	 * {@code List<Message<T>>} payload parameter) gets in one call. Default {@code 10}, at most {@code 1000}.
	 * @return the batch size
	 */
	String batchSize() default "";

	/**
	 * Attempts before an item is dead-lettered. Default {@code 3}.
	 * @return the maximum number of attempts
	 */
	String maxAttempts() default "";

	/**
	 * Delay before a retry: {@code delay[,multiplier[,maxDelay]]}, for example {@code 1s,2,1m} (the default). The
	 * properties {@code backoff.delay}, {@code backoff.multiplier} and {@code backoff.max-delay} override each part
	 * on its own; a part left out keeps its default.
	 * @return the backoff
	 */
	String backoff() default "";

	/**
	 * {@code true} (default) to move items that exhausted their attempts, or cannot be decoded, to
	 * {@code {queue}:dlq}; {@code false} to retry them forever.
	 * @return the dead-letter setting
	 */
	String deadLetter() default "";

	/**
	 * Name of the {@link io.github.redismessaging.listener.RedisListenerErrorHandler} bean that decides what happens
	 * to a failed item: take the failure path, dead-letter it now or skip it. Default: the application's only bean of
	 * that type, if there is one.
	 * @return the bean name
	 */
	String errorHandler() default "";

	/**
	 * How long an asynchronous result ({@code CompletionStage}, {@code Mono}) is awaited before it counts as
	 * failed, for example {@code 10s}. Default {@code 30s}.
	 * @return the timeout
	 */
	String asyncTimeout() default "";

	/**
	 * A global rate limit, {@code <count>/<duration>}, for example {@code 100/1s}: at most {@code count} items are
	 * taken from each queue in any window of that length, by all the instances of the listener together. Items over
	 * the limit wait in the queue, and a listener held back sleeps until the window reopens. Not for
	 * {@code CIRCULAR}. Default: none.
	 * @return the rate limit, or empty for none
	 */
	String rateLimit() default "";

	/**
	 * Whether the listener starts with the application context. Default {@code true}.
	 * @return {@code "true"} or {@code "false"}
	 */
	String autoStartup() default "";

}

package io.github.redismessaging.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method that consumes a Redis stream.
 * <ul>
 * <li>With a {@link #group()}: XREADGROUP in a consumer group, at least once. Each entry is acknowledged after
 * the method returns ({@code AUTO}), when the method calls {@code Acknowledgment.acknowledge()} ({@code MANUAL}),
 * or never ({@code NONE}: NOACK, at most once). An entry whose handling failed stays pending; pending recovery
 * (XAUTOCLAIM after {@link #claimMinIdle()}) delivers it again, until it has been delivered
 * {@link #maxDeliveries()} times; then it is moved to the dead-letter stream {@code {stream}:dlq}. An entry whose
 * payload cannot be decoded is dead-lettered at once.</li>
 * <li>Without a group: fan-out with XREAD; every instance sees every entry, from {@link #start()}.</li>
 * </ul>
 * Every attribute is a string that accepts {@code ${...}} placeholders and can be overridden by
 * {@code redis.messaging.listeners.<id>.*} properties.
 * <pre class="code">
 * &#64;StreamListener(stream = "orders", group = "billing", concurrency = "4")
 * void bill(Order order, &#64;Header(RedisHeaders.ID) String id) { ... }
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ListenerReflectiveProcessor.class)
public @interface StreamListener {

	/**
	 * The unique listener id. Defaults to {@code <beanName>-<methodName>}.
	 * @return the id
	 */
	String id() default "";

	/**
	 * The stream to consume (required).
	 * @return the stream name, before the key prefix
	 */
	String stream() default "";

	/**
	 * The consumer group; created with MKSTREAM at start if missing. Empty for fan-out without a group.
	 * @return the group
	 */
	String group() default "";

	/**
	 * This instance's consumer name in the group. Default: {@code <id>-<host>-<random>}, unique per instance.
	 * @return the consumer name
	 */
	String consumer() default "";

	/**
	 * Worker threads running the method. Default {@code 1}. With more, entries are handled in parallel and
	 * their order is not kept.
	 * @return the number of workers
	 */
	String concurrency() default "";

	/**
	 * Entries read per XREADGROUP/XREAD (COUNT), and the most a batch listener (a {@code List<T>} or
	 * {@code List<Message<T>>} payload parameter) gets in one call. Default {@code 100}.
	 * @return the batch size
	 */
	String batchSize() default "";

	/**
	 * How long one read blocks waiting for entries (BLOCK), for example {@code 2s}. Default {@code 2s}.
	 * @return the block time
	 */
	String block() default "";

	/**
	 * {@code AUTO} (default), {@code MANUAL} (the method takes an {@code Acknowledgment}) or {@code NONE}.
	 * @return the ack mode
	 */
	String ackMode() default "";

	/**
	 * Deliveries after which a failing entry is dead-lettered. Default {@code 5}.
	 * @return the maximum number of deliveries
	 */
	String maxDeliveries() default "";

	/**
	 * How long an entry must have been pending before pending recovery claims it. Default {@code 30s}.
	 * @return the minimum idle time
	 */
	String claimMinIdle() default "";

	/**
	 * Where a new group starts: {@code latest} / {@code $} (default), {@code earliest} / {@code 0}, or an entry id.
	 * For fan-out, where this instance starts reading.
	 * @return the start position
	 */
	String start() default "";

	/**
	 * {@code true} (default) for the dead-letter stream {@code {stream}:dlq}, {@code false} for none (failing
	 * entries then stay pending and are retried forever), or the name of another stream in the same hash slot.
	 * @return the dead-letter setting
	 */
	String deadLetter() default "";

	/**
	 * Name of the {@link io.github.redismessaging.listener.RedisListenerErrorHandler} bean that decides what happens
	 * to a failed entry: take the failure path, dead-letter it now or skip it. Default: the application's only bean of
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
	 * Splits the logical stream into this many stream keys spread over the cluster's masters ({@code {stream/3}},
	 * ...), each consumed by exactly one instance of the group at a time, under a lease in Redis. Empty (default) for
	 * one plain stream key. The count is recorded in {@code {stream}:meta} when the stream is first used and cannot
	 * change: a listener started with another count fails. Needs a {@link #group()}.
	 * @return the number of partitions
	 */
	String partitions() default "";

	/**
	 * How long an instance owns a partition without renewing its lease (renewed every third of it); a crashed
	 * instance's partitions are taken over after it. Default {@code 10s}.
	 * @return the lease time
	 */
	String partitionLease() default "";

	/**
	 * {@code NONE} (default) or {@code KEY}: entries with the same key run one at a time, in stream order, while
	 * different keys run on up to {@link #concurrency()} workers. See {@link io.github.redismessaging.stream.Ordering}.
	 * @return the ordering
	 */
	String ordering() default "";

	/**
	 * With {@code ordering = KEY}, the entry field that holds the key. Default {@code h.key}: the {@code key} header
	 * that {@code RedisMessagingTemplate.appendKeyed(stream, key, payload)} writes. Entries without it are not ordered.
	 * @return the field name
	 */
	String orderingKey() default "";

	/**
	 * Whether the listener starts with the application context. Default {@code true}.
	 * @return {@code "true"} or {@code "false"}
	 */
	String autoStartup() default "";

}

package io.github.redismessaging.listener;

/**
 * Decides what happens to a stream entry or queue item whose listener call failed, as Spring Kafka's error handlers
 * do: go on along the listener's failure path, dead-letter it now, or skip it.
 * <p>
 * A listener uses the bean named by its {@code errorHandler} attribute (or
 * {@code redis.messaging.listeners.<id>.error-handler}, or the kind's default
 * {@code redis.messaging.stream|queue.defaults.error-handler}); without a name, the application's only (or
 * {@code @Primary}) bean of this type; without one, none, and every failure takes the failure path. The handler is
 * called on the worker thread for every failed call, in-process retries included, before the failure is recorded.
 * It is not called for payloads that cannot be decoded: those are dead-lettered at once (reason {@code decode}). If
 * it throws, the failure takes the failure path and one WARN line says so.
 */
@FunctionalInterface
public interface RedisListenerErrorHandler {

	/**
	 * Decides what to do with a failed message.
	 * @param message the message and where it came from
	 * @param failure what the listener threw (for a batch listener, the element's failure)
	 * @return the action; {@code null} counts as {@link ErrorAction#RETRY}
	 */
	ErrorAction handle(FailedMessage message, Throwable failure);

}

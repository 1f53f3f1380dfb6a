package io.github.redismessaging.listener;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.redismessaging.deadletter.DeadLetterFields;

/**
 * Enriches or redirects the dead letters of stream and queue listeners before they are written, as the headers
 * function and destination resolver of Spring Kafka's {@code DeadLetterPublishingRecoverer} do. The application's
 * only (or {@code @Primary}) bean of this type applies to every stream and queue listener, for every reason.
 * <p>
 * It is called on the thread that writes the dead letter (a worker, or pending recovery and queue maintenance for
 * {@code max-deliveries} and {@code lease-expired}). If it throws, or answers a destination outside the hash slot of
 * the stream or queue, the dead letter is written as if there were no customizer, and one WARN line says so.
 */
public interface DeadLetterCustomizer {

	/**
	 * Fields (streams) or headers (queues) to add to a dead letter. Names that start with
	 * {@value DeadLetterFields#PREFIX} are the library's and are left out.
	 * @param message the message being dead-lettered ({@link FailedMessage#attempt()}: its deliveries)
	 * @param reason why, one of the {@code DeadLetterFields.REASON_*} values
	 * @return the fields to add, none by default
	 */
	default Map<String, String> headers(FailedMessage message, String reason) {
		return Map.of();
	}

	/**
	 * Where the dead letter goes instead of the listener's dead-letter stream or list: a key as stored in Redis (key
	 * prefix included) of the same type, in the hash slot of the stream or queue, for example {@code {orders}:fraud}
	 * for the stream {@code orders}, so that the dead letter and the removal from the source stay one atomic step.
	 * @param message the message being dead-lettered
	 * @param reason why, one of the {@code DeadLetterFields.REASON_*} values
	 * @return the key, or {@code null} for the listener's own dead-letter stream or list
	 */
	default @Nullable String destination(FailedMessage message, String reason) {
		return null;
	}

}

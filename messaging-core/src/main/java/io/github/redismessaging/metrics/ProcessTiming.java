package io.github.redismessaging.metrics;

import java.util.Map;

import io.micrometer.observation.Observation;

import io.github.redismessaging.metrics.ListenerMetrics.Outcome;

/**
 * Times each message one listener handles, on exactly one path chosen when the listener is created: the
 * {@link RedisMessagingObservation#LISTENER} observation when observations are on (its meter handler makes the
 * timer {@value MessagingObservations#PROCESS}), otherwise the plain timer of
 * {@link ListenerMetrics#processed(String, Outcome, long)}, with no observation object created. Internal: used by
 * the listener containers; see {@link MessagingObservations#timing}.
 */
public interface ProcessTiming {

	/**
	 * Starts timing the handling of one message.
	 * @param destination the subscribed channel or pattern, the stream or the queue
	 * @param headers the message's headers, from which tracing continues the sender's trace
	 * @return the running sample; stop it exactly once
	 */
	Sample start(String destination, Map<String, ?> headers);

	/**
	 * Whether {@link #start} reads the headers (tracing does); when neither it nor the listener does, a container
	 * may pass an empty map instead of building the headers of every message.
	 * @return {@code false} only if {@link #start} ignores the headers
	 */
	default boolean readsHeaders() {
		return true;
	}

	/**
	 * The timing of one message.
	 */
	interface Sample {

		/**
		 * Makes the message's observation current on this thread while the listener runs.
		 * @return the scope to close after the call; a no-op scope without observations
		 */
		Observation.Scope openScope();

		/**
		 * Remembers what the listener (or decoding) threw: the observation's error if the message does not end in
		 * success. A later in-process retry that succeeds leaves no error.
		 * @param failure the exception
		 */
		void failed(Throwable failure);

		/**
		 * Ends the timing with the message's outcome; later calls do nothing, so a {@code finally} can make sure
		 * of it.
		 * @param outcome how handling ended
		 */
		void stop(Outcome outcome);

	}

}

package io.github.redismessaging.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of redis-messaging: {@link #LISTENER} around handling a message, {@link #TEMPLATE} around
 * appending or enqueueing one. Their low-cardinality keys follow the OpenTelemetry messaging conventions
 * ({@code messaging.system=redis}, {@code messaging.operation}, {@code messaging.destination.name}) beside this
 * starter's own {@code kind}, {@code listener}, {@code destination} and {@code outcome}, which the plain timer
 * {@code redis.messaging.process} carries too.
 */
public enum RedisMessagingObservation implements ObservationDocumentation {

	/**
	 * Handling one message: {@code redis.messaging.process}, contextual name {@code <destination> process}. Its
	 * meter handler's timer is the only timing of a handled message while observations are on.
	 */
	LISTENER {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultRedisListenerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ListenerKeys.values();
		}

	},

	/**
	 * Appending to a stream or enqueueing: {@code redis.messaging.send}, contextual name
	 * {@code <destination> send}.
	 */
	TEMPLATE {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultRedisTemplateObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return TemplateKeys.values();
		}

	};

	/**
	 * The low-cardinality keys of {@link #LISTENER}.
	 */
	public enum ListenerKeys implements KeyName {

		/** The messaging system: always {@code redis}. */
		MESSAGING_SYSTEM("messaging.system"),

		/** The operation: always {@code process}. */
		MESSAGING_OPERATION("messaging.operation"),

		/** The subscribed channel or pattern, the stream or the queue. */
		MESSAGING_DESTINATION_NAME("messaging.destination.name"),

		/** The listener kind: {@code stream}, {@code queue} or {@code pubsub}. */
		KIND("kind"),

		/** The listener id. */
		LISTENER("listener"),

		/** The subscribed channel or pattern, the stream or the queue (as {@code messaging.destination.name}). */
		DESTINATION("destination"),

		/**
		 * How handling ended: {@code success}, {@code failure} or {@code decode-failure} (see
		 * {@link ListenerMetrics.Outcome}); known once the observation stops.
		 */
		OUTCOME("outcome");

		private final String name;

		ListenerKeys(String name) {
			this.name = name;
		}

		@Override
		public String asString() {
			return this.name;
		}

	}

	/**
	 * The low-cardinality keys of {@link #TEMPLATE}.
	 */
	public enum TemplateKeys implements KeyName {

		/** The messaging system: always {@code redis}. */
		MESSAGING_SYSTEM("messaging.system"),

		/** The operation: always {@code send}. */
		MESSAGING_OPERATION("messaging.operation"),

		/** The stream or the queue. */
		MESSAGING_DESTINATION_NAME("messaging.destination.name"),

		/** The kind of destination: {@code stream} or {@code queue}. */
		KIND("kind"),

		/** The stream or the queue (as {@code messaging.destination.name}). */
		DESTINATION("destination");

		private final String name;

		TemplateKeys(String name) {
			this.name = name;
		}

		@Override
		public String asString() {
			return this.name;
		}

	}

}

package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.lettuce.core.cluster.SlotHash;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.listener.DeadLetterCustomizer;
import io.github.redismessaging.listener.FailedMessage;

/**
 * The {@link DeadLetterCustomizer} as one listener uses it, called so that it cannot stop a dead letter: without a
 * customizer, or when it throws or names a key in another hash slot, a dead letter goes where it would go without one.
 * Internal: used by the failure lifecycles of streams and queues.
 */
public final class DeadLetterRouting {

	private static final Log logger = LogFactory.getLog(DeadLetterRouting.class);

	private final String listenerId;

	private final @Nullable DeadLetterCustomizer customizer;

	private final ThrottledLog throttled = new ThrottledLog(logger, Duration.ofSeconds(10));

	/**
	 * Creates the routing.
	 * @param listenerId the listener id, for messages
	 * @param customizer the customizer, or {@code null} for none
	 */
	public DeadLetterRouting(String listenerId, @Nullable DeadLetterCustomizer customizer) {
		this.listenerId = listenerId;
		this.customizer = customizer;
	}

	/**
	 * Routing without a customizer.
	 * @param listenerId the listener id
	 * @return the routing
	 */
	public static DeadLetterRouting none(String listenerId) {
		return new DeadLetterRouting(listenerId, null);
	}

	/**
	 * Whether a customizer is in place, so that dead letters must be written where it can be called.
	 * @return whether there is a customizer
	 */
	public boolean customizes() {
		return this.customizer != null;
	}

	/**
	 * Where a dead letter goes and what it carries besides the {@value DeadLetterFields#PREFIX} fields.
	 * @param message the message, built only when there is a customizer
	 * @param reason why it is dead-lettered
	 * @param source the stream or queue key
	 * @param standard the listener's dead-letter key
	 * @return the route
	 */
	public Route route(Supplier<FailedMessage> message, String reason, String source, String standard) {
		if (this.customizer == null) {
			return new Route(standard, Map.of());
		}
		FailedMessage failed = message.get();
		try {
			Map<String, String> headers = new LinkedHashMap<>();
			Map<String, String> extra = this.customizer.headers(failed, reason);
			if (extra != null) {
				extra.forEach((name, value) -> {
					if (name != null && value != null && !name.startsWith(DeadLetterFields.PREFIX)) {
						headers.put(name, value);
					}
				});
			}
			String destination = this.customizer.destination(failed, reason);
			if (destination == null || destination.isBlank() || destination.equals(standard)) {
				return new Route(standard, headers);
			}
			if (SlotHash.getSlot(destination) != SlotHash.getSlot(source)) {
				this.throttled.warn("slot", "The dead-letter customizer named '" + destination + "' for listener '"
						+ this.listenerId + "', which is not in the hash slot of '" + source + "'; dead letters go to '"
						+ standard + "'. Put the source's hash tag in the key, for example {" + source + "}:…");
				return new Route(standard, headers);
			}
			return new Route(destination, headers);
		}
		catch (Exception | Error ex) {
			if (ex instanceof VirtualMachineError fatal) {
				throw fatal;
			}
			this.throttled.warn("customizer", "The dead-letter customizer threw for listener '" + this.listenerId
					+ "' (" + ex + "); the dead letter of " + failed.id() + " goes to '" + standard + "' as it is");
			return new Route(standard, Map.of());
		}
	}

	/**
	 * Where a dead letter goes and the fields it gets besides the library's.
	 *
	 * @param destination the dead-letter stream or list
	 * @param headers the fields or headers to add
	 */
	public record Route(String destination, Map<String, String> headers) {
	}

}

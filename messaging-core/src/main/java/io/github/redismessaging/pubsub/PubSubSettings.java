package io.github.redismessaging.pubsub;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.redismessaging.listener.ListenerAttributes;

/**
 * The validated settings of one {@code @RedisSubscriber}.
 */
record PubSubSettings(List<String> channels, List<String> patterns, boolean sharded, int concurrency,
		Dispatch dispatch, boolean autoStartup, int bufferSize, Duration shutdownTimeout, Duration topologyRefreshInterval,
		Duration subscribeTimeout) {

	static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("sharded", "false"),
			Map.entry("concurrency", "1"), Map.entry("dispatch", "WORKERS"), Map.entry("autoStartup", "true"),
			Map.entry("bufferSize", "10000"), Map.entry("shutdownTimeout", "10s"),
			Map.entry("topologyRefreshInterval", "5s"), Map.entry("subscribeTimeout", "5s"),
			Map.entry("asyncTimeout", "30s"));

	static PubSubSettings from(ListenerAttributes attributes) {
		List<String> channels = attributes.getList("channels");
		List<String> patterns = attributes.getList("patterns");
		boolean sharded = attributes.get("sharded", Boolean.class);
		if (channels.isEmpty() && patterns.isEmpty()) {
			throw attributes.invalid("channels",
					"no channel and no pattern to subscribe to; set 'channels' or 'patterns'");
		}
		if (sharded && !patterns.isEmpty()) {
			throw attributes.invalid("sharded", "cannot be combined with 'patterns' " + patterns
					+ ": Redis has no sharded pattern subscription; use 'channels' or set sharded to false");
		}
		int concurrency = attributes.getInt("concurrency", 1);
		Dispatch dispatch = attributes.get("dispatch", Dispatch.class);
		if (dispatch == Dispatch.EVENT_LOOP && concurrency != 1) {
			throw attributes.invalid("dispatch", "EVENT_LOOP runs the method on the connection's event loop, which "
					+ "takes no workers, but concurrency is " + concurrency + "; set concurrency to 1 or dispatch to "
					+ "WORKERS");
		}
		return new PubSubSettings(channels, patterns, sharded, concurrency, dispatch,
				attributes.get("autoStartup", Boolean.class), attributes.getInt("bufferSize", 1),
				positive(attributes, "shutdownTimeout"), positive(attributes, "topologyRefreshInterval"),
				positive(attributes, "subscribeTimeout"));
	}

	private static Duration positive(ListenerAttributes attributes, String name) {
		Duration duration = attributes.get(name, Duration.class);
		if (duration.isNegative() || duration.isZero()) {
			throw attributes.invalid(name, "must be a positive duration but is " + duration);
		}
		return duration;
	}

	String describe() {
		StringBuilder text = new StringBuilder();
		if (!this.channels.isEmpty()) {
			text.append(this.sharded ? "sharded channels " : "channels ").append(this.channels);
		}
		if (!this.patterns.isEmpty()) {
			text.append(text.isEmpty() ? "" : ", ").append("patterns ").append(this.patterns);
		}
		return text.toString();
	}

}

package io.github.redismessaging.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

/**
 * A listener's counts as its meters hold them: processed (successful calls), failed (failed calls and payloads
 * that could not be decoded) and dead-lettered.
 */
final class ListenerCounts {

	private final MeterRegistry meters;

	ListenerCounts(MeterRegistry meters) {
		this.meters = meters;
	}

	long processed(String id) {
		return calls(id, "success");
	}

	long failed(String id) {
		return calls(id, "failure") + calls(id, "decode-failure");
	}

	long deadLettered(String id) {
		return (long) Search.in(this.meters)
			.name("redis.messaging.dead-lettered")
			.tag("listener", id)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private long calls(String id, String outcome) {
		return Search.in(this.meters)
			.name("redis.messaging.process")
			.tag("listener", id)
			.tag("outcome", outcome)
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum();
	}

}

package io.github.redismessaging.queue;

import java.nio.charset.StandardCharsets;

import io.github.redismessaging.keys.KeyNames;

/**
 * The keys of one queue and its companions, which all share the queue's cluster slot:
 * {@code {q}:processing:<consumer>}, {@code {q}:heartbeat:<consumer>}, {@code {q}:consumers},
 * {@code {q}:delayed} and {@code {q}:dlq}.
 *
 * @param name the queue name as configured
 * @param key the list
 * @param processingPrefix the processing lists' prefix, followed by a consumer name
 * @param heartbeatPrefix the heartbeat keys' prefix, followed by a consumer name
 * @param consumers the set of consumers that may hold processing lists
 * @param delayed the sorted set of items waiting for their due time
 * @param deadLetter the dead-letter list
 */
record QueueKeys(String name, String key, String processingPrefix, String heartbeatPrefix, String consumers,
		String delayed, String deadLetter) {

	static QueueKeys of(String name, KeyNames keys) {
		return new QueueKeys(name, keys.key(name), keys.companion(name, "processing:"),
				keys.companion(name, "heartbeat:"), keys.companion(name, "consumers"), keys.companion(name, "delayed"),
				keys.deadLetter(name));
	}

	String processing(String consumer) {
		return this.processingPrefix + consumer;
	}

	String heartbeat(String consumer) {
		return this.heartbeatPrefix + consumer;
	}

	static byte[] bytes(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

}

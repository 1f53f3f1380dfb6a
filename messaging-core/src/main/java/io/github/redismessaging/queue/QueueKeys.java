package io.github.redismessaging.queue;

import java.nio.charset.StandardCharsets;

import io.github.redismessaging.keys.KeyNames;

/**
 * The keys of one queue and its companions, which all share the queue's cluster slot.
 *
 * @param name the queue name as configured
 * @param key the list producers push to (LPUSH) and consumers take from (the right end)
 * @param leases the sorted set of leases: take id → deadline, epoch milliseconds of Redis {@code TIME}
 * @param takePrefix the prefix of the take lists: {@code <takePrefix><take id>} holds the items of one take, as
 * stored, oldest first
 * @param expiries the hash counting, per item (SHA-1 of the item as stored), how often its lease expired
 * @param delayed the sorted set of items waiting for their due time
 * @param deadLetter the dead-letter list
 * @param paused the flag that pauses the queue for every consumer, wherever it runs, while it exists
 * @param uniquePrefix the prefix of the keys of unique jobs: {@code <uniquePrefix><unique key>} holds the id of the
 * job that holds the key, while it is queued, delayed or leased
 * @param rate the sorted set of a rate-limited queue's recent takes: one entry per item taken in the last window,
 * scored with the time it was taken, epoch milliseconds of Redis {@code TIME}
 */
record QueueKeys(String name, String key, String leases, String takePrefix, String expiries, String delayed,
		String deadLetter, String paused, String uniquePrefix, String rate) {

	static QueueKeys of(String name, KeyNames keys) {
		return new QueueKeys(name, keys.key(name), keys.companion(name, "leases"), keys.companion(name, "take:"),
				keys.companion(name, "expiries"), keys.companion(name, "delayed"), keys.deadLetter(name),
				keys.companion(name, "paused"), keys.companion(name, "unique:"), keys.companion(name, "rate"));
	}

	/**
	 * The list holding the items of one take.
	 */
	String take(String takeId) {
		return this.takePrefix + takeId;
	}

	/**
	 * The key that a unique job holds.
	 */
	String unique(String uniqueKey) {
		return this.uniquePrefix + uniqueKey;
	}

	static byte[] bytes(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

}

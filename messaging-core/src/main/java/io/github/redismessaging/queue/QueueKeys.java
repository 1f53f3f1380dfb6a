package io.github.redismessaging.queue;

import java.nio.charset.StandardCharsets;

import io.github.redismessaging.keys.KeyNames;

/**
 * The keys of one queue and its companions, which all share the queue's cluster slot.
 *
 * @param name the queue name as configured
 * @param key the list producers push to (LPUSH) and consumers take from (the right end)
 * @param leased the hash of items under lease: lease id → item as stored
 * @param leases the sorted set of leases: lease id → deadline, epoch milliseconds of Redis {@code TIME}
 * @param sequence the counter that numbers leases
 * @param expiries the hash counting, per item (SHA-1 of the item as stored), how often its lease expired
 * @param delayed the sorted set of items waiting for their due time
 * @param deadLetter the dead-letter list
 */
record QueueKeys(String name, String key, String leased, String leases, String sequence, String expiries,
		String delayed, String deadLetter) {

	static QueueKeys of(String name, KeyNames keys) {
		return new QueueKeys(name, keys.key(name), keys.companion(name, "leased"), keys.companion(name, "leases"),
				keys.companion(name, "seq"), keys.companion(name, "expiries"), keys.companion(name, "delayed"),
				keys.deadLetter(name));
	}

	static byte[] bytes(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

}

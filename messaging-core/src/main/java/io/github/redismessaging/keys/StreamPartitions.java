package io.github.redismessaging.keys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;

import io.lettuce.core.cluster.SlotHash;

/**
 * The stream keys of a partitioned stream, and which partition a key goes to.
 * <p>
 * Partition {@code i} of {@code n} is the stream {@code {<key>/<i>}}, or {@code {<key>/<i>/<salt>}} where the
 * first form does not hash into the {@code i}-th of {@code n} equal parts of the cluster's 16384 slots: the salt is
 * the smallest number that does. The partitions therefore cover the slot space evenly, and so the masters of a
 * cluster whose masters own equal ranges of slots. Each partition's companions ({@code {orders/3}:dlq}) share its
 * slot. The names depend only on the prefixed name and the count, so every producer and consumer computes the same.
 * <p>
 * A record key goes to partition {@code CRC32(UTF-8 bytes of the key) mod n}: stable across processes, versions and
 * languages.
 */
public final class StreamPartitions {

	private final String name;

	private final List<String> keys;

	private final String metaKey;

	private StreamPartitions(String name, List<String> keys, String metaKey) {
		this.name = name;
		this.keys = keys;
		this.metaKey = metaKey;
	}

	/**
	 * The partitions of a logical stream.
	 * @param keyNames the key prefix
	 * @param name the logical stream's name, without a hash tag
	 * @param count the number of partitions, at least 1
	 * @return the partitions
	 */
	public static StreamPartitions of(KeyNames keyNames, String name, int count) {
		if (count < 1) {
			throw new IllegalArgumentException("A partitioned stream has at least 1 partition, not " + count);
		}
		String key = keyNames.key(name);
		if (key.indexOf('{') >= 0 || key.indexOf('}') >= 0) {
			throw new IllegalArgumentException("Stream '" + key + "' has braces, which would put every partition in "
					+ "one cluster slot; partition a stream whose name (prefix included) has none");
		}
		List<String> keys = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			keys.add(partitionKey(key, i, count));
		}
		return new StreamPartitions(name, Collections.unmodifiableList(keys), metaKey(keyNames, name));
	}

	/**
	 * The key that records a partitioned stream's partition count (hash field {@code partitions}).
	 * @param keyNames the key prefix
	 * @param name the logical stream's name
	 * @return {@code {<key>}:meta}
	 */
	public static String metaKey(KeyNames keyNames, String name) {
		return keyNames.companion(name, "meta");
	}

	private static String partitionKey(String key, int index, int count) {
		int from = (int) ((long) index * SlotHash.SLOT_COUNT / count);
		int to = (int) ((long) (index + 1) * SlotHash.SLOT_COUNT / count);
		String plain = "{" + key + "/" + index + "}";
		if (inRange(plain, from, to)) {
			return plain;
		}
		for (int salt = 1;; salt++) {
			String salted = "{" + key + "/" + index + "/" + salt + "}";
			if (inRange(salted, from, to)) {
				return salted;
			}
		}
	}

	private static boolean inRange(String key, int from, int to) {
		int slot = SlotHash.getSlot(key);
		return slot >= from && slot < Math.max(to, from + 1);
	}

	/**
	 * The logical stream's name.
	 * @return the name used in annotations and template calls
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The partitions' stream keys, by partition number.
	 * @return the keys
	 */
	public List<String> keys() {
		return this.keys;
	}

	/**
	 * The number of partitions.
	 * @return the count
	 */
	public int count() {
		return this.keys.size();
	}

	/**
	 * The key that records the partition count.
	 * @return the meta key
	 */
	public String metaKey() {
		return this.metaKey;
	}

	/**
	 * The partition a record key goes to.
	 * @param recordKey the record's key
	 * @return the partition number
	 */
	public int partitionOf(String recordKey) {
		CRC32 crc = new CRC32();
		crc.update(recordKey.getBytes(StandardCharsets.UTF_8));
		return (int) (crc.getValue() % count());
	}

	/**
	 * The stream key a record key goes to.
	 * @param recordKey the record's key
	 * @return the partition's stream key
	 */
	public String keyFor(String recordKey) {
		return this.keys.get(partitionOf(recordKey));
	}

}

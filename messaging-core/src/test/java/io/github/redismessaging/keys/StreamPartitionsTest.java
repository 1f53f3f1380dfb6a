package io.github.redismessaging.keys;

import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The partition keys of {@link StreamPartitions} and the partition of a record key: pure computation.
 */
class StreamPartitionsTest {

	@Test
	void keysDependOnlyOnThePrefixedNameAndTheCount() {
		StreamPartitions partitions = StreamPartitions.of(KeyNames.NO_PREFIX, "orders", 12);
		assertThat(partitions.keys()).hasSize(12)
			.isEqualTo(StreamPartitions.of(KeyNames.NO_PREFIX, "orders", 12).keys())
			.doesNotHaveDuplicates()
			.allSatisfy((key) -> assertThat(key).matches("\\{orders/\\d+(/\\d+)?}"));
		for (int i = 0; i < 12; i++) {
			assertThat(partitions.keys().get(i)).matches("\\{orders/" + i + "(/\\d+)?}");
		}
		assertThat(partitions.metaKey()).isEqualTo("{orders}:meta");
		assertThat(partitions.name()).isEqualTo("orders");
		assertThat(StreamPartitions.of(new KeyNames("app:"), "orders", 4).keys())
			.allSatisfy((key) -> assertThat(key).startsWith("{app:orders/"));
		assertThat(StreamPartitions.metaKey(new KeyNames("app:"), "orders")).isEqualTo("{app:orders}:meta");
	}

	@Test
	void eachPartitionHashesIntoItsShareOfTheSlots() {
		for (int count : new int[] { 1, 3, 12, 100, 1024 }) {
			StreamPartitions partitions = StreamPartitions.of(KeyNames.NO_PREFIX, "it.slots", count);
			for (int i = 0; i < count; i++) {
				int slot = SlotHash.getSlot(partitions.keys().get(i));
				assertThat(slot).as("partition %d of %d", i, count)
					.isGreaterThanOrEqualTo(i * SlotHash.SLOT_COUNT / count)
					.isLessThan((i + 1) * SlotHash.SLOT_COUNT / count);
			}
		}
	}

	@Test
	void twelvePartitionsSpreadFourOnEachOfThreeEqualSlotRanges() {
		StreamPartitions partitions = StreamPartitions.of(KeyNames.NO_PREFIX, "orders", 12);
		int[] perMaster = new int[3];
		for (String key : partitions.keys()) {
			// The ranges a 3-master cluster is formed with: [i * 16384 / 3, (i + 1) * 16384 / 3).
			int slot = SlotHash.getSlot(key);
			int master = 0;
			while (slot >= (master + 1) * SlotHash.SLOT_COUNT / 3) {
				master++;
			}
			perMaster[master]++;
		}
		assertThat(perMaster).containsExactly(4, 4, 4);
	}

	@Test
	void recordKeyPartitionIsCrc32ModuloTheCount() {
		StreamPartitions partitions = StreamPartitions.of(KeyNames.NO_PREFIX, "orders", 12);
		// CRC32 as zlib computes it, so that producers in other languages agree.
		assertThat(partitions.partitionOf("order-1")).isEqualTo(7);
		assertThat(partitions.partitionOf("customer-7")).isEqualTo(8);
		assertThat(partitions.partitionOf("a")).isEqualTo(3);
		assertThat(partitions.partitionOf("hello")).isEqualTo(10);
		assertThat(partitions.partitionOf("")).isZero();
		assertThat(StreamPartitions.of(KeyNames.NO_PREFIX, "orders", 8).partitionOf("customer-7")).isZero();
		assertThat(partitions.keyFor("order-1")).isEqualTo(partitions.keys().get(7));
	}

	@Test
	void randomKeysSpreadEvenly() {
		StreamPartitions partitions = StreamPartitions.of(KeyNames.NO_PREFIX, "orders", 12);
		Random random = new Random(15);
		int[] counts = new int[12];
		int keys = 30_000;
		for (int i = 0; i < keys; i++) {
			counts[partitions.partitionOf(new UUID(random.nextLong(), random.nextLong()).toString())]++;
		}
		int expected = keys / 12;
		assertThat(IntStream.of(counts).boxed().toList())
			.allSatisfy((count) -> assertThat(count).isBetween(expected * 9 / 10, expected * 11 / 10));
	}

	@Test
	void refusesNamesWithBracesAndCountsBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> StreamPartitions.of(KeyNames.NO_PREFIX, "{orders}", 4))
			.withMessageContaining("braces");
		assertThatIllegalArgumentException().isThrownBy(() -> StreamPartitions.of(KeyNames.NO_PREFIX, "orders", 0));
	}

}

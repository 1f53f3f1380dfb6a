package io.github.redismessaging.stream;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.keys.StreamPartitions;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link PartitionedStreams} on a real Redis 7: the partition count is recorded once, checked on every declaration,
 * and a damaged meta key is refused with a message that says how to repair it, with nothing written.
 */
class PartitionedStreamsIT {

	/** One client for the raw commands and the connections under test, shared by the tests. */
	private static final RedisClient client = RedisClient.create(SharedRedis.standalone().uri());

	private static final RedisConnections shared = RedisConnections.of(() -> client);

	private static final StatefulRedisConnection<String, String> raw = client.connect();

	private final RedisCommands<String, String> redis = raw.sync();

	private final RedisConnections connections = shared;

	private final KeyNames keys = new KeyNames("app:");

	private final String name = "it.partitioned." + UUID.randomUUID();

	private final String metaKey = "{app:" + this.name + "}:meta";

	@AfterAll
	static void shutdown() {
		raw.close();
		shared.close();
		client.shutdown();
	}

	@Test
	void declareRecordsTheCountOnceAndRefusesAnother() {
		assertThat(PartitionedStreams.recorded(this.connections, this.keys, this.name)).isNull();
		StreamPartitions declared = PartitionedStreams.declare(this.connections, this.keys, this.name, 12);
		assertThat(declared.keys()).isEqualTo(StreamPartitions.of(this.keys, this.name, 12).keys());
		assertThat(this.redis.hgetall(this.metaKey)).containsExactly(Map.entry("partitions", "12"));
		assertThat(PartitionedStreams.declare(this.connections, this.keys, this.name, 12).keys())
			.isEqualTo(declared.keys());
		assertThat(PartitionedStreams.recorded(this.connections, this.keys, this.name).keys())
			.isEqualTo(declared.keys());
		assertThatExceptionOfType(PartitionCountMismatchException.class)
			.isThrownBy(() -> PartitionedStreams.declare(this.connections, this.keys, this.name, 8))
			.withMessage("stream '" + this.name + "' has 12 partitions recorded in " + this.metaKey + ", but 8 were "
					+ "asked for; the count is fixed at creation: use 12, or a new stream name")
			.satisfies((ex) -> assertThat(List.of(ex.stream(), ex.recorded(), ex.requested()))
				.containsExactly(this.name, 12, 8));
		assertThat(this.redis.hgetall(this.metaKey)).containsExactly(Map.entry("partitions", "12"));
	}

	@Test
	void declareRefusesCountsOutOfRangeAndNamesWithBracesBeforeWriting() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PartitionedStreams.declare(this.connections, this.keys, this.name, 0))
			.withMessage("A partitioned stream has 1 to 1024 partitions, not 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PartitionedStreams.declare(this.connections, this.keys, this.name, 1025));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PartitionedStreams.declare(this.connections, this.keys, "{" + this.name + "}", 4));
		assertThat(this.redis.exists(this.metaKey)).isZero();
	}

	@Test
	void damagedCountsAreRefusedWithTheKeyTheValueAndTheRepair() {
		for (String value : List.of("abc", "0", "-1", "99999", " 12", "12 ", "012", "1025", "")) {
			this.redis.del(this.metaKey);
			this.redis.hset(this.metaKey, "partitions", value);
			assertRefused((message) -> assertThat(message)
				.contains(this.metaKey + " field 'partitions' is '" + value + "', not a partition count from 1 to 1024")
				.contains("DEL " + this.metaKey + " if the stream has no data yet"));
			assertThat(this.redis.hgetall(this.metaKey)).as(value).containsExactly(Map.entry("partitions", value));
		}
	}

	@Test
	void aMetaKeyOfAnotherTypeOrWithoutTheCountIsRefused() {
		this.redis.set(this.metaKey, "12");
		assertRefused((message) -> assertThat(message).startsWith(this.metaKey + " holds a string, not the hash")
			.contains("DEL " + this.metaKey));
		assertThat(this.redis.get(this.metaKey)).isEqualTo("12");
		this.redis.del(this.metaKey);
		this.redis.rpush(this.metaKey, "partitions", "12");
		assertRefused((message) -> assertThat(message).startsWith(this.metaKey + " holds a list"));
		assertThat(this.redis.lrange(this.metaKey, 0, -1)).containsExactly("partitions", "12");
		this.redis.del(this.metaKey);
		this.redis.hset(this.metaKey, "other", "12");
		assertRefused((message) -> assertThat(message).startsWith(this.metaKey + " has no field 'partitions'"));
		assertThat(this.redis.hgetall(this.metaKey)).containsExactly(Map.entry("other", "12"));
	}

	@Test
	void controlCharactersAndLongValuesAreShownSafely() {
		this.redis.hset(this.metaKey, "partitions", "1\n2" + "9".repeat(100));
		assertRefused((message) -> assertThat(message).contains("'1?2" + "9".repeat(61) + "…'").doesNotContain("\n"));
	}

	private void assertRefused(Consumer<String> message) {
		assertThatIllegalStateException()
			.isThrownBy(() -> PartitionedStreams.recorded(this.connections, this.keys, this.name))
			.satisfies((ex) -> message.accept(ex.getMessage()));
		assertThatIllegalStateException()
			.isThrownBy(() -> PartitionedStreams.declare(this.connections, this.keys, this.name, 12))
			.isNotInstanceOf(PartitionCountMismatchException.class)
			.satisfies((ex) -> message.accept(ex.getMessage()));
	}

}

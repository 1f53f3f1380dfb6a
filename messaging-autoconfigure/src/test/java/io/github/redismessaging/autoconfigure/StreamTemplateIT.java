package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.lettuce.core.XAddArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.redismessaging.autoconfigure.StreamTestListeners.Order;
import io.github.redismessaging.deadletter.DeadLetter;
import io.github.redismessaging.deadletter.DeadLetterFields;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.stream.StreamRecord;
import io.github.redismessaging.stream.Trim;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The stream operations of {@link RedisMessagingTemplate} on a real Redis 7.
 */
class StreamTemplateIT {

	private static final RawRedis redis = RawRedis.of(SharedRedis.standalone());

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void appendsAndReadsTypedRecordsWithHeadersInBothDirections() {
		String stream = "it.template." + UUID.randomUUID();
		MessagingContextRunners.standalone().run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			String first = template.append(stream, new Order("a", 1), Map.of("source", "shop"));
			String second = template.append(stream, new Order("b", 2));
			String foreign = redis.commands().xadd(stream, Map.of("other", "x"));
			assertThat(first.compareTo(second)).isNegative();
			List<StreamRecord<Order>> records = template.range(stream, "-", "+", 10, Order.class);
			assertThat(records).extracting(StreamRecord::id).containsExactly(first, second, foreign);
			assertThat(records.get(0).payload()).isEqualTo(new Order("a", 1));
			assertThat(records.get(0).headers()).containsExactly(Map.entry("source", "shop"));
			assertThat(records.get(0).fields()).containsEntry("h.source", "shop");
			assertThat(records.get(2).payload()).isNull();
			assertThat(records.get(2).fields()).containsExactly(Map.entry("other", "x"));
			assertThat(template.reverseRange(stream, "+", "-", 2, Order.class)).extracting(StreamRecord::id)
				.containsExactly(foreign, second);
			assertThat(template.range(stream, second, "+", 1, Order.class)).extracting(StreamRecord::id)
				.containsExactly(second);
		});
	}

	@Test
	void trimsByLengthAndByAge() {
		String byLength = "it.template.length." + UUID.randomUUID();
		String byAge = "it.template.age." + UUID.randomUUID();
		MessagingContextRunners.standalone().run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			IntStream.range(0, 1000).forEach((i) -> template.append(byLength, "e" + i, Map.of(), Trim.maxLength(100)));
			assertThat(redis.commands().xlen(byLength)).isBetween(100L, 250L);
			IntStream.rangeClosed(1, 1000)
				.forEach((i) -> redis.commands().xadd(byAge, new XAddArgs().id(i + "-0"), Map.of("payload", "1970")));
			template.append(byAge, "now", Map.of(), Trim.maxAge(Duration.ofHours(1)));
			assertThat(redis.commands().xlen(byAge)).isBetween(1L, 200L);
			assertThat(redis.all(byAge)).last().satisfies((entry) -> assertThat(entry.getBody()).containsEntry("payload", "now"));
		});
	}

	@Test
	void keyPrefixAppliesToStreamsAndTheirDeadLetters() {
		String stream = "it.template.prefixed." + UUID.randomUUID();
		MessagingContextRunners.standalone().withPropertyValues("redis.messaging.key-prefix=app:").run((context) -> {
			RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
			template.append(stream, "hello");
			assertThat(redis.commands().xlen("app:" + stream)).isEqualTo(1);
			redis.commands().xadd("{app:" + stream + "}:dlq", Map.of("payload", "dead", DeadLetterFields.REASON, "decode"));
			assertThat(template.deadLetters(stream, 10)).singleElement()
				.satisfies((deadLetter) -> assertThat(deadLetter.reason()).isEqualTo("decode"));
			String second = redis.commands().xadd("{app:" + stream + "}:dlq", Map.of("payload", "dead-2"));
			List<DeadLetter> firstPage = template.deadLetters(stream, null, 1);
			assertThat(firstPage).hasSize(1);
			assertThat(template.deadLetters(stream, firstPage.get(0).id(), 10)).extracting(DeadLetter::id)
				.containsExactly(second);
			assertThat(template.replayDeadLetters(stream, List.of(second))).isEqualTo(1);
			assertThat(template.replayDeadLetters(stream, List.of("0-1"))).isZero();
			assertThatIllegalArgumentException().isThrownBy(() -> template.replayDeadLetters(stream, List.of("nonsense")));
			assertThat(template.replayDeadLetters(stream, 5)).isEqualTo(1);
			assertThat(redis.all("app:" + stream)).hasSize(3).last()
				.satisfies((entry) -> assertThat(entry.getBody()).containsExactly(Map.entry("payload", "dead")));
		});
	}

}

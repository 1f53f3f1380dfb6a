package io.github.redismessaging.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.listener.ListenerConfigurationException.InvalidAttribute;
import io.github.redismessaging.stream.AckMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerAttributesTest {

	private final ListenerAttributes attributes = ListenerAttributes.builder("@RedisSubscriber 'prices'")
		.layer("built-in default", Map.of("concurrency", "1", "sharded", "false", "timeout", "10s"))
		.layer("properties redis.messaging.pubsub.defaults.*", Map.of("concurrency", "2"))
		.layer("annotation", Map.of("concurrency", "3", "channels", " a, b ,,c ", "sharded", ""))
		.layer("properties redis.messaging.listeners.prices.*", Map.of("concurrency", "4"))
		.build();

	@Test
	void laterLayersWinAndBlankValuesDoNotHideEarlierOnes() {
		assertThat(this.attributes.getInt("concurrency", 1)).isEqualTo(4);
		assertThat(this.attributes.source("concurrency")).isEqualTo("properties redis.messaging.listeners.prices.*");
		assertThat(this.attributes.get("sharded", Boolean.class)).isFalse();
		assertThat(this.attributes.source("sharded")).isEqualTo("built-in default");
	}

	@Test
	void convertsListsAndDurations() {
		assertThat(this.attributes.getList("channels")).containsExactly("a", "b", "c");
		assertThat(this.attributes.getList("patterns")).isEmpty();
		assertThat(this.attributes.get("timeout", Duration.class)).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void invalidValueNamesListenerAttributeValueAndSource() {
		ListenerAttributes bad = ListenerAttributes.builder("@RedisSubscriber 'prices'")
			.layer("annotation", Map.of("concurrency", "many"))
			.build();
		assertThatThrownBy(() -> bad.getInt("concurrency", 1)).isInstanceOf(ListenerConfigurationException.class)
			.hasMessage("@RedisSubscriber 'prices': attribute 'concurrency': 'many' (from annotation) is not a valid "
					+ "Integer");
	}

	@Test
	void valueBelowMinimumIsRejected() {
		ListenerAttributes bad = ListenerAttributes.builder("@RedisSubscriber 'prices'")
			.layer("annotation", Map.of("concurrency", "0"))
			.build();
		assertThatThrownBy(() -> bad.getInt("concurrency", 1))
			.hasMessageContaining("attribute 'concurrency': must be at least 1 but is 0 (from annotation)");
	}

	@Test
	void invalidEnumCarriesTheAttributeItsSourceAndTheConstants() {
		ListenerAttributes bad = ListenerAttributes.builder("@StreamListener 'orders'")
			.layer("properties redis.messaging.listeners.orders.*", Map.of("ackMode", "SOMETIMES"))
			.build();
		assertThatThrownBy(() -> bad.get("ackMode", AckMode.class)).isInstanceOfSatisfying(
				ListenerConfigurationException.class,
				(ex) -> assertThat(ex.getInvalidAttribute()).isEqualTo(new InvalidAttribute("ackMode",
						"properties redis.messaging.listeners.orders.*", List.of("AUTO", "MANUAL", "NONE"))));
	}

	private static final Map<String, String> BUILT_IN_BACKOFF = Map.of("backoff.delay", "1s", "backoff.multiplier", "2",
			"backoff.maxDelay", "1m");

	@Test
	void backoffShorthandSetsItsPartsAtItsLayersRank() {
		ListenerAttributes backoff = ListenerAttributes.builder("@QueueListener 'jobs'")
			.layer("built-in default", BUILT_IN_BACKOFF)
			.layer("properties redis.messaging.queue.defaults.*", Map.of("backoff.maxDelay", "PT5M"))
			.layer("annotation", Map.of("backoff", "500ms, 3"))
			.layer("properties redis.messaging.listeners.jobs.*", Map.of("backoff.delay", "PT2S"))
			.build();
		assertThat(backoff.get("backoff.delay", Duration.class)).isEqualTo(Duration.ofSeconds(2));
		assertThat(backoff.get("backoff.multiplier", Double.class)).isEqualTo(3.0);
		assertThat(backoff.source("backoff.multiplier")).isEqualTo("annotation");
		assertThat(backoff.get("backoff.maxDelay", Duration.class)).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void blankPartOfTheBackoffShorthandKeepsTheEarlierValue() {
		ListenerAttributes backoff = ListenerAttributes.builder("@QueueListener 'jobs'")
			.layer("built-in default", BUILT_IN_BACKOFF)
			.layer("annotation", Map.of("backoff", "2s,,5m"))
			.build();
		assertThat(backoff.get("backoff.multiplier", Double.class)).isEqualTo(2.0);
		assertThat(backoff.source("backoff.multiplier")).isEqualTo("built-in default");
		assertThat(backoff.get("backoff.maxDelay", Duration.class)).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void invalidPartOfTheBackoffShorthandNamesTheShorthand() {
		ListenerAttributes bad = ListenerAttributes.builder("@QueueListener 'jobs'")
			.layer("annotation", Map.of("backoff", "soon"))
			.build();
		assertThatThrownBy(() -> bad.get("backoff.delay", Duration.class)).isInstanceOfSatisfying(
				ListenerConfigurationException.class, (ex) -> {
					assertThat(ex).hasMessage("@QueueListener 'jobs': attribute 'backoff' (backoff.delay): 'soon' "
							+ "(from annotation) is not a valid Duration");
					assertThat(ex.getInvalidAttribute()).isEqualTo(new InvalidAttribute("backoff", "annotation",
							List.of("delay[,multiplier[,maxDelay]], such as 1s,2,1m")));
				});
	}

	@Test
	void backoffShorthandWithTooManyPartsIsRejected() {
		assertThatThrownBy(() -> ListenerAttributes.builder("@QueueListener 'jobs'")
			.layer("annotation", Map.of("backoff", "1s,2,1m,5s")))
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessage("@QueueListener 'jobs': attribute 'backoff': '1s,2,1m,5s' (from annotation) is not "
					+ "delay[,multiplier[,maxDelay]], such as 1s,2,1m");
	}

	@Test
	void missingValueIsRejected() {
		assertThatThrownBy(() -> this.attributes.get("unknown", Integer.class))
			.hasMessage("@RedisSubscriber 'prices': attribute 'unknown': a value is required");
	}

}

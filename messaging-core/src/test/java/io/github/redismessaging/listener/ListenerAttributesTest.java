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

	@Test
	void missingValueIsRejected() {
		assertThatThrownBy(() -> this.attributes.get("unknown", Integer.class))
			.hasMessage("@RedisSubscriber 'prices': attribute 'unknown': a value is required");
	}

}

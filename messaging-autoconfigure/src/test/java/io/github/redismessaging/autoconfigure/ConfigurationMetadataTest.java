package io.github.redismessaging.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.queue.QueueMode;
import io.github.redismessaging.stream.AckMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata an IDE completes from: every property with known values offers them, and no property
 * is documented twice. The {@code redis.messaging.listeners.<id>.*} entries cannot carry hints: the metadata format
 * has none for the properties of a map's object values.
 */
class ConfigurationMetadataTest {

	private static final Set<String> STRING_TYPES = Set.of("java.lang.String", "java.util.List<java.lang.String>");

	// Strings whose values are the application's own choice.
	private static final Set<String> FREE_FORM = Set.of("redis.messaging.key-prefix");

	private final JsonNode metadata = metadata();

	@Test
	void everyStringPropertyWithKnownValuesHasAHint() {
		List<String> hinted = names(this.metadata.get("hints"));
		List<String> withKnownValues = new ArrayList<>();
		this.metadata.get("properties").forEach((property) -> {
			String name = property.get("name").asString();
			if (name.startsWith("redis.messaging.") && STRING_TYPES.contains(property.get("type").asString())
					&& !FREE_FORM.contains(name)) {
				withKnownValues.add(name);
			}
		});
		assertThat(withKnownValues).contains("redis.messaging.stream.defaults.start",
				"redis.messaging.stream.defaults.dead-letter", "redis.messaging.queue.defaults.dead-letter");
		assertThat(hinted).containsAll(withKnownValues);
		assertThat(hintValues("redis.messaging.stream.defaults.start")).containsExactly("latest", "earliest");
	}

	@Test
	void settingsWithLibraryEnumsHaveTheEnumTypeAndNoHintsOfTheirOwn() {
		// the IDE offers an enum property's constants, in any case (ack-mode: manual binds to MANUAL)
		assertThat(type("redis.messaging.stream.defaults.ack-mode")).isEqualTo(AckMode.class.getName());
		assertThat(type("redis.messaging.queue.defaults.mode")).isEqualTo(QueueMode.class.getName());
		assertThat(names(this.metadata.get("hints"))).doesNotContain("redis.messaging.stream.defaults.ack-mode",
				"redis.messaging.queue.defaults.mode");
	}

	@Test
	void bothPollingKindsHaveTheSameBackoffBlock() {
		for (String kind : List.of("stream", "queue")) {
			String backoff = "redis.messaging." + kind + ".defaults.backoff.";
			assertThat(type(backoff + "delay")).isEqualTo(Duration.class.getName());
			assertThat(type(backoff + "multiplier")).isEqualTo(Double.class.getName());
			assertThat(type(backoff + "max-delay")).isEqualTo(Duration.class.getName());
			assertThat(type(backoff + "jitter")).isEqualTo(Duration.class.getName());
		}
	}

	@Test
	void everyHintNamesAProperty() {
		List<String> properties = names(this.metadata.get("properties"));
		assertThat(names(this.metadata.get("hints")))
			.allSatisfy((hint) -> assertThat(properties).contains(hint.replaceFirst("\\.(keys|values)$", "")));
	}

	@Test
	void noPropertyOrHintIsDocumentedTwice() {
		assertThat(names(this.metadata.get("properties"))).hasSizeGreaterThan(10).doesNotHaveDuplicates();
		assertThat(names(this.metadata.get("hints"))).isNotEmpty().doesNotHaveDuplicates();
	}

	private String type(String name) {
		List<String> types = new ArrayList<>();
		this.metadata.get("properties").forEach((property) -> {
			if (property.get("name").asString().equals(name)) {
				types.add(property.get("type").asString());
			}
		});
		assertThat(types).as("properties named %s", name).hasSize(1);
		return types.get(0);
	}

	private List<String> hintValues(String name) {
		List<String> values = new ArrayList<>();
		this.metadata.get("hints").forEach((hint) -> {
			if (hint.get("name").asString().equals(name)) {
				hint.get("values").forEach((value) -> values.add(value.get("value").asString()));
			}
		});
		return values;
	}

	private static List<String> names(JsonNode items) {
		List<String> names = new ArrayList<>();
		items.forEach((item) -> names.add(item.get("name").asString()));
		return names;
	}

	private static JsonNode metadata() {
		try (InputStream metadata = ConfigurationMetadataTest.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return JsonMapper.shared().readTree(metadata);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

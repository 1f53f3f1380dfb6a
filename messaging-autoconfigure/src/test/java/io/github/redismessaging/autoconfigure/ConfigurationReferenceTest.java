package io.github.redismessaging.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.convert.ApplicationConversionService;

import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.ListenerContainerFactory;
import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.metrics.MessagingMetrics;
import io.github.redismessaging.pubsub.PubSubContainerFactory;
import io.github.redismessaging.queue.QueueContainerFactory;
import io.github.redismessaging.stream.StreamContainerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration reference, the property descriptions and the properties themselves cannot drift from
 * the containers' built-in defaults, which are the only place a listener setting's default is written.
 */
class ConfigurationReferenceTest {

	private static final Pattern DEFAULTS_KEY = Pattern
		.compile("redis\\.messaging\\.(pubsub|stream|queue)\\.defaults\\.(.+)");

	private static final Pattern README_ROW = Pattern.compile("(?m)^\\| `(redis\\.messaging\\.[^`]+)` \\| ([^|]*) \\|");

	// Attributes the defaults blocks have no property for: where the messages come from, which each listener names.
	/** What a listener reads: per listener only, with no kind-wide default. */
	private static final Set<String> DESTINATIONS = Set.of("stream", "group", "consumer", "partitions", "queue",
			"queues", "channels", "patterns", "sharded");

	private final JsonNode metadata = metadata();

	@Test
	void readmeDocumentsEveryGeneratedPropertyAndEveryListenerKey() throws IOException {
		String readme = readme();
		List<String> keys = new ArrayList<>();
		this.metadata.get("properties").forEach((property) -> {
			String name = property.get("name").asString();
			if (!name.equals("redis.messaging.listeners")) {
				keys.add(name);
			}
		});
		for (String attribute : attributeNames(ListenerOverrides.class, "")) {
			keys.add("redis.messaging.listeners.<id>." + DataObjectPropertyName.toDashedForm(attribute));
		}
		assertThat(keys).hasSizeGreaterThan(10);
		assertThat(keys).allSatisfy((key) -> assertThat(readme).contains("`" + key + "`"));
	}

	@Test
	void readmeListsTheBuiltInDefaultOfEveryDefaultsKey() throws IOException {
		Matcher row = README_ROW.matcher(readme());
		Map<String, String> listed = new LinkedHashMap<>();
		while (row.find()) {
			listed.put(row.group(1), row.group(2).trim());
		}
		List<String> keys = defaultsKeys();
		assertThat(listed.keySet()).containsAll(keys);
		for (String key : keys) {
			String readmeDefault = listed.get(key).replace("`", "");
			assertThat(normalize(readmeDefault.equals("empty") ? "" : readmeDefault)).as("README default of %s", key)
				.isEqualTo(normalize(builtInDefault(key)));
		}
	}

	@Test
	void descriptionsStateTheBuiltInDefault() {
		this.metadata.get("properties").forEach((property) -> {
			String name = property.get("name").asString();
			if (!DEFAULTS_KEY.matcher(name).matches()) {
				return;
			}
			assertThat(property.has("defaultValue")).as("%s has a default of its own", name).isFalse();
			String description = property.get("description").asString();
			assertThat(description).as("description of %s", name).contains("Default: ");
			String builtIn = builtInDefault(name);
			if (!builtIn.isEmpty()) {
				assertThat(description.substring(description.indexOf("Default: ")))
					.as("the default the description of %s states", name)
					.containsPattern("\\b" + Pattern.quote(builtIn) + "\\b");
			}
		});
	}

	@Test
	void everyPropertySetsAnAttributeItsKindKnowsAndEveryAttributeHasAProperty() {
		Set<String> allAttributes = new HashSet<>(DESTINATIONS);
		Map<ListenerKind, Class<? extends ListenerSettings>> defaultsTypes = Map.of(ListenerKind.PUBSUB,
				PubSubDefaults.class, ListenerKind.STREAM, StreamDefaults.class, ListenerKind.QUEUE,
				QueueDefaults.class);
		defaultsTypes.forEach((kind, type) -> {
			Set<String> builtIn = factory(kind).defaultAttributes().keySet();
			List<String> properties = attributeNames(type, "");
			assertThat(builtIn).as("attributes of %s", kind).containsAll(properties);
			assertThat(properties).as("properties of %s", type.getSimpleName())
				.containsAll(builtIn.stream().filter((name) -> !DESTINATIONS.contains(name)).toList());
			allAttributes.addAll(builtIn);
		});
		assertThat(allAttributes).containsAll(attributeNames(ListenerOverrides.class, ""));
	}

	@Test
	void unsetPropertiesLeaveEveryAttributeToTheBuiltInDefaults() {
		PropertiesListenerSettingsSource source = new PropertiesListenerSettingsSource(new RedisMessagingProperties());
		for (ListenerKind kind : ListenerKind.values()) {
			assertThat(source.kindDefaults(kind)).isEmpty();
		}
		assertThat(PropertiesListenerSettingsSource.attributes(new ListenerOverrides())).isEmpty();
	}

	private List<String> defaultsKeys() {
		List<String> keys = new ArrayList<>();
		this.metadata.get("properties").forEach((property) -> {
			String name = property.get("name").asString();
			if (DEFAULTS_KEY.matcher(name).matches()) {
				keys.add(name);
			}
		});
		assertThat(keys).hasSizeGreaterThan(30);
		return keys;
	}

	/**
	 * The built-in default of a {@code redis.messaging.<kind>.defaults.*} property: the container factory's value of
	 * the attribute the property sets.
	 */
	private static String builtInDefault(String key) {
		Matcher matcher = DEFAULTS_KEY.matcher(key);
		assertThat(matcher.matches()).isTrue();
		ListenerKind kind = switch (matcher.group(1)) {
			case "pubsub" -> ListenerKind.PUBSUB;
			case "stream" -> ListenerKind.STREAM;
			default -> ListenerKind.QUEUE;
		};
		String attribute = camelCase(matcher.group(2));
		String value = factory(kind).defaultAttributes().get(attribute);
		assertThat(value).as("built-in default of %s attribute %s", kind, attribute).isNotNull();
		return value;
	}

	private static ListenerContainerFactory factory(ListenerKind kind) {
		return switch (kind) {
			case PUBSUB -> new PubSubContainerFactory(null, MessagingMetrics.none());
			case STREAM -> new StreamContainerFactory(null, MessagingMetrics.none(), KeyNames.NO_PREFIX);
			case QUEUE -> new QueueContainerFactory(null, MessagingMetrics.none(), KeyNames.NO_PREFIX);
		};
	}

	/**
	 * The attributes a class of listener settings can set, named as {@link PropertiesListenerSettingsSource} names
	 * them.
	 */
	private static List<String> attributeNames(Class<?> type, String prefix) {
		List<String> names = new ArrayList<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			if (property.getPropertyType().getPackageName().equals(ListenerSettings.class.getPackageName())) {
				names.addAll(attributeNames(property.getPropertyType(), prefix + property.getName() + "."));
			}
			else {
				names.add(prefix + property.getName());
			}
		}
		return names;
	}

	private static String camelCase(String dashed) {
		return Pattern.compile("-([a-z])").matcher(dashed).replaceAll((match) -> match.group(1).toUpperCase());
	}

	private static String normalize(String value) {
		if (!value.matches("PT.*|\\d+(ms|s|m|h|d)")) {
			return value;
		}
		return String.valueOf(ApplicationConversionService.getSharedInstance().convert(value, Duration.class));
	}

	private static String readme() throws IOException {
		return Files.readString(Path.of("..", "README.md"));
	}

	private static JsonNode metadata() {
		try (InputStream metadata = ConfigurationReferenceTest.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return JsonMapper.shared().readTree(metadata);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package io.github.redismessaging.autoconfigure;

import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.ApplicationConversionService;

import io.github.redismessaging.autoconfigure.RedisMessagingProperties.Listener;
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
 * The README's configuration reference and the built-in defaults cannot drift from the properties.
 */
class ConfigurationReferenceTest {

	@Test
	void readmeDocumentsEveryGeneratedPropertyAndEveryListenerKey() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		List<String> keys = new ArrayList<>();
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonNode root = JsonMapper.shared().readTree(metadata);
			root.get("properties").forEach((property) -> {
				String name = property.get("name").asString();
				if (!name.equals("redis.messaging.listeners")) {
					keys.add(name);
				}
			});
		}
		for (PropertyDescriptor descriptor : listenerProperties()) {
			keys.add("redis.messaging.listeners.<id>." + kebab(descriptor.getName()));
		}
		assertThat(keys).hasSizeGreaterThan(10);
		assertThat(keys).allSatisfy((key) -> assertThat(readme).contains("`" + key + "`"));
	}

	@Test
	void propertyDefaultsMatchTheContainersBuiltInDefaults() {
		assertSameDefaults(ListenerKind.PUBSUB, new PubSubContainerFactory(null, MessagingMetrics.none()));
		assertSameDefaults(ListenerKind.STREAM,
				new StreamContainerFactory(null, MessagingMetrics.none(), KeyNames.NO_PREFIX));
		assertSameDefaults(ListenerKind.QUEUE,
				new QueueContainerFactory(null, MessagingMetrics.none(), KeyNames.NO_PREFIX));
	}

	private static void assertSameDefaults(ListenerKind kind, ListenerContainerFactory factory) {
		Map<String, String> fromProperties = new PropertiesListenerSettingsSource(new RedisMessagingProperties())
			.kindDefaults(kind);
		Map<String, String> builtIn = factory.defaultAttributes();
		assertThat(builtIn.keySet()).containsAll(fromProperties.keySet());
		fromProperties.forEach((name, value) -> assertThat(normalize(builtIn.get(name)))
			.as("built-in default of %s %s", kind, name)
			.isEqualTo(normalize(value)));
	}

	private static String normalize(String value) {
		if (value == null) {
			return null;
		}
		if (!value.matches("PT.*|\\d+(ms|s|m|h|d)")) {
			return value;
		}
		return String.valueOf(ApplicationConversionService.getSharedInstance().convert(value, Duration.class));
	}

	private static List<PropertyDescriptor> listenerProperties() {
		try {
			return Arrays.stream(Introspector.getBeanInfo(Listener.class, Object.class).getPropertyDescriptors())
				.toList();
		}
		catch (IntrospectionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
	}

}

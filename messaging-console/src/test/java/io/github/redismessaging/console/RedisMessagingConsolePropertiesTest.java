package io.github.redismessaging.console;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RedisMessagingConsolePropertiesTest {

	@Test
	void pathLosesItsTrailingSlashes() {
		assertThat(withPath(" /ops/messaging// ").normalisedPath()).isEqualTo("/ops/messaging");
		assertThat(withPath("/redis-messaging").normalisedPath()).isEqualTo("/redis-messaging");
	}

	@Test
	void pathThatIsNotAPlainPathBelowTheRootIsRefusedNamingTheProperty() {
		for (String path : new String[] { "/", "", "redis-messaging", "/a/*", "/{id}" }) {
			assertThatIllegalStateException().isThrownBy(() -> withPath(path).normalisedPath())
				.withMessageContaining("redis.messaging.console.path");
		}
	}

	@Test
	void pageScriptAndStyleSheetAreKeptInANativeImage() {
		RuntimeHints hints = new RuntimeHints();
		new ConsoleRuntimeHints().registerHints(hints, getClass().getClassLoader());
		for (String file : new String[] { "index.html", "console.js", "console.css" }) {
			assertThat(RuntimeHintsPredicates.resource()
				.forResource(RedisMessagingConsoleAutoConfiguration.ASSETS + file)).accepts(hints);
		}
	}

	private static RedisMessagingConsoleProperties withPath(String path) {
		RedisMessagingConsoleProperties properties = new RedisMessagingConsoleProperties();
		properties.setPath(path);
		return properties;
	}

}

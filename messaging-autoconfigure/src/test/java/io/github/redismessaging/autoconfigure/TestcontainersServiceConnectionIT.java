package io.github.redismessaging.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.publish.RedisMessagingTemplate;

import static org.awaitility.Awaitility.await;

/**
 * The optional Testcontainers path of the README: Boot's own Redis service connection points
 * {@code spring.data.redis.*} at a {@code redis:7} container, and the starter, which reuses Boot's
 * {@code LettuceConnectionFactory}, needs nothing of its own. Skipped where no Docker engine runs (as on the build
 * machines and CI); every other integration test uses {@code messaging-test}'s real {@code redis-server}.
 * <p>
 * {@link Docker#mayBeReachable()} runs first (JUnit evaluates the conditions in declaration order and stops at the
 * first that disables): where nothing points at a Docker engine it skips the class without loading Testcontainers,
 * whose own probe logs an ERROR listing the strategies it tried. Where something does, Testcontainers decides.
 */
@EnabledIf(value = "io.github.redismessaging.autoconfigure.TestcontainersServiceConnectionIT$Docker#mayBeReachable",
		disabledReason = "no Docker socket, DOCKER_HOST or ~/.testcontainers.properties")
@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersServiceConnectionIT {

	@Container
	@ServiceConnection
	static GenericContainer<?> redis = new GenericContainer<>("redis:7").withExposedPorts(6379);

	@Autowired
	RedisMessagingTemplate template;

	@Autowired
	Jobs jobs;

	@Test
	void aQueueListenerReceivesWhatTheTemplateEnqueuesOnTheContainer() {
		this.template.enqueue("it.testcontainers.jobs", "job-1");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.jobs.received.contains("job-1"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Jobs jobs() {
			return new Jobs();
		}

	}

	static class Jobs {

		final Received received = new Received();

		@QueueListener(queues = "it.testcontainers.jobs")
		void on(String job) {
			this.received.add(job);
		}

	}

	/**
	 * Whether anything points at a Docker engine: {@code DOCKER_HOST}, Testcontainers' configuration file, or the
	 * socket of Docker on Linux, rootless Docker or Docker Desktop. A class of its own, so that the check does not
	 * initialize the test class and its container field.
	 */
	static final class Docker {

		private Docker() {
		}

		static boolean mayBeReachable() {
			if (System.getenv("DOCKER_HOST") != null) {
				return true;
			}
			String home = System.getProperty("user.home");
			List<Path> candidates = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
					Path.of(home, ".testcontainers.properties"), Path.of(home, ".docker", "run", "docker.sock"),
					Path.of(home, ".docker", "desktop", "docker.sock")));
			String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
			if (runtimeDir != null) {
				candidates.add(Path.of(runtimeDir, "docker.sock"));
			}
			return candidates.stream().anyMatch(Files::exists);
		}

	}

}

package io.github.redismessaging.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RedisServerIT {

	private static RedisClient client;

	@BeforeAll
	static void createClient() {
		client = RedisClient.create();
	}

	@AfterAll
	static void shutdownClient() {
		client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

	@Test
	void startsAndAnswersPing() {
		try (RedisServer server = RedisServer.builder().start()) {
			assertThat(server.isRunning()).isTrue();
			assertThat(server.host()).isEqualTo("127.0.0.1");
			assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
			try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
				assertThat(connection.sync().ping()).isEqualTo("PONG");
			}
		}
	}

	@Test
	void closeEndsTheProcessAndDeletesTheDirectory() {
		RedisServer server = RedisServer.builder().start();
		long pid = server.pid();
		Path directory = server.directory();
		assertThat(directory).isDirectory();

		server.close();
		server.close();

		assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
		assertThat(Files.exists(directory)).isFalse();
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void stopKeepsTheDirectoryForRestartOnTheSamePort() {
		try (RedisServer server = RedisServer.builder().start()) {
			int port = server.port();
			long pid = server.pid();

			server.stop();

			assertThat(server.isRunning()).isFalse();
			assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
			assertThat(server.directory()).isDirectory();

			server.restart();

			assertThat(server.port()).isEqualTo(port);
			assertThat(server.pid()).isNotEqualTo(pid);
			assertThat(ping(server.uri())).isEqualTo("PONG");
		}
	}

	@Test
	void passwordIsRequired() {
		try (RedisServer server = RedisServer.builder().password("s3cret").start()) {
			assertThat(server.uri()).isEqualTo("redis://:s3cret@127.0.0.1:" + server.port());
			assertThat(ping(server.uri())).isEqualTo("PONG");
			assertThatThrownBy(() -> ping("redis://:wrong@127.0.0.1:" + server.port())).isNotNull();
			assertThatThrownBy(() -> ping("redis://127.0.0.1:" + server.port())).isNotNull();
		}
	}

	@Test
	void aclUserHasFullRights() {
		try (RedisServer server = RedisServer.builder().user("alice", "wonder").start()) {
			assertThat(server.uri()).isEqualTo("redis://alice:wonder@127.0.0.1:" + server.port());
			try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
				RedisCommands<String, String> commands = connection.sync();
				commands.set("acl-key", "value");
				assertThat(commands.get("acl-key")).isEqualTo("value");
				assertThat(commands.aclWhoami()).isEqualTo("alice");
			}
			assertThatThrownBy(() -> ping("redis://alice:wrong@127.0.0.1:" + server.port())).isNotNull();
		}
	}

	@Test
	void appendOnlyDataSurvivesKill() {
		try (RedisServer server = RedisServer.builder().appendOnly(true).start()) {
			try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
				connection.sync().set("durable", "yes");
			}

			server.kill();
			assertThat(server.isRunning()).isFalse();
			server.restart();

			try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
				assertThat(connection.sync().get("durable")).isEqualTo("yes");
			}
		}
	}

	@Test
	void pausedServerAnswersNothingUntilResumed() {
		try (RedisServer server = RedisServer.builder().start()) {
			RedisURI uri = RedisURI.create(server.uri());
			try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
				connection.setTimeout(Duration.ofMillis(300));

				server.pause();

				assertThat(server.isPaused()).isTrue();
				assertThatThrownBy(() -> connection.sync().ping()).isInstanceOf(RedisCommandTimeoutException.class);

				server.resume();

				assertThat(server.isPaused()).isFalse();
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(connection.sync().ping())
					.isEqualTo("PONG"));
			}
		}
	}

	@Test
	void flushAllRemovesData() {
		RedisServer server = SharedRedis.standalone();
		try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
			connection.sync().set("flush-me", "1");

			server.flushAll();

			assertThat(connection.sync().exists("flush-me")).isZero();
		}
	}

	@Test
	void explicitPortIsUsed() {
		int port;
		try (RedisServer probe = RedisServer.builder().start()) {
			port = probe.port();
		}
		try (RedisServer server = RedisServer.builder().port(port).start()) {
			assertThat(server.port()).isEqualTo(port);
			assertThat(ping(server.uri())).isEqualTo("PONG");
		}
	}

	private static String ping(String uri) {
		try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(uri))) {
			return connection.sync().ping();
		}
	}

}

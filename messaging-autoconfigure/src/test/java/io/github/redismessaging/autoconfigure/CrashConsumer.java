package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import io.github.redismessaging.annotation.QueueListener;
import io.github.redismessaging.annotation.StreamListener;
import io.github.redismessaging.listener.RedisHeaders;

/**
 * The consumer process of {@link CrashIT}: a minimal Spring Boot application (no web, no component scan) that
 * {@link CrashIT} starts as a separate JVM, kills with SIGKILL, pauses with SIGSTOP and starts again.
 * <p>
 * Every setting is a Spring property; pass them as {@code --name=value} arguments:
 * <ul>
 * <li>{@code spring.data.redis.host} / {@code spring.data.redis.port}: the server;</li>
 * <li>{@code crash.run}: prefix of the bookkeeping keys; {@code crash.instance}: this process's name, also its
 * stream consumer name;</li>
 * <li>{@code crash.queue}, {@code crash.stream}, {@code crash.poison-stream}, {@code crash.group}: what to
 * consume;</li>
 * <li>{@code crash.work-millis}: simulated work per item (default 0);</li>
 * <li>any {@code redis.messaging.listeners.<id>.*} override of the {@link #defaults() defaults} below.</li>
 * </ul>
 * Each listener records a successful handling in Redis before it returns, in one script:
 * {@code HINCRBY <run>:processed:<kind> <id> 1} (the id that is stable across redeliveries: the envelope id of a queue
 * item, the entry id of a stream entry) and {@code HINCRBY <run>:instances <instance>:<kind> 1} (so the test sees
 * which process makes progress). It records through a Lettuce connection of its own whose command timeout (30 s)
 * outlasts any pause of the test: with the 2 s of {@code spring.data.redis.timeout}, a recording sent just before a
 * SIGSTOP is executed by Redis but times out in the client after SIGCONT, the listener throws, and the item is handled
 * again, a duplicate made by the test's listener, not by the library. A payload starting with {@code poison} throws
 * before anything is recorded, so it is never recorded as processed and must end up dead-lettered.
 * <p>
 * When the context has started, the process prints {@value #READY} followed by its pid.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
		RedisMessagingAutoConfiguration.class })
public class CrashConsumer {

	static final String READY = "CRASH-CONSUMER READY";

	static final String QUEUE_LISTENER = "crashQueue";

	static final String STREAM_LISTENER = "crashStream";

	static final String POISON_STREAM_LISTENER = "crashPoisonStream";

	public static void main(String[] args) {
		ConsumerApplication.run(CrashConsumer.class, defaults(), READY, args);
	}

	/**
	 * The settings {@link CrashIT} relies on; arguments override them.
	 * <ul>
	 * <li>Queue: a 2 s lease, 20 attempts so that the at most seven kills and pauses of the test can never exhaust
	 * the attempts of a good item, a fixed 50 ms backoff and 100 ms maintenance so that poison items (which fail
	 * every attempt) are dead-lettered in a few seconds.</li>
	 * <li>Stream: claimed after 2 s idle, 20 deliveries (same reason). Poison entries go to a separate stream with
	 * its own listener and 3 deliveries: with 20 deliveries and a 2 s claim each, one poison entry would take about
	 * 50 s.</li>
	 * </ul>
	 */
	static Map<String, Object> defaults() {
		Map<String, Object> defaults = ConsumerApplication.defaults("crash.work-millis");
		String queue = ConsumerApplication.listener(QUEUE_LISTENER);
		defaults.put(queue + "lease-timeout", "2s");
		defaults.put(queue + "max-attempts", "20");
		defaults.put(queue + "backoff.delay", "50ms");
		defaults.put(queue + "backoff.multiplier", "1");
		defaults.put(queue + "maintenance-interval", "100ms");
		defaults.put(queue + "concurrency", "4");
		String stream = ConsumerApplication.streamListener(defaults, STREAM_LISTENER, "${crash.instance}", "2s",
				"500ms", 20);
		defaults.put(stream + "concurrency", "4");
		ConsumerApplication.streamListener(defaults, POISON_STREAM_LISTENER, "${crash.instance}", "1s", "250ms", 3);
		return defaults;
	}

	@Bean(destroyMethod = "close")
	Recorder crashRecorder(@Value("${spring.data.redis.host}") String host,
			@Value("${spring.data.redis.port}") int port, @Value("${crash.run}") String run,
			@Value("${crash.instance}") String instance, @Value("${crash.work-millis}") long workMillis) {
		RedisURI uri = RedisURI.builder().withHost(host).withPort(port).withTimeout(Duration.ofSeconds(30)).build();
		return new Recorder(RedisClient.create(uri), run, instance, workMillis);
	}

	@Bean
	Listeners crashListeners(Recorder recorder) {
		return new Listeners(recorder);
	}

	/**
	 * Records a successful handling in Redis, or throws for a poison payload.
	 */
	static final class Recorder implements AutoCloseable {

		private static final String RECORD = """
				redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
				return redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
				""";

		private final RedisClient client;

		private final StatefulRedisConnection<String, String> connection;

		private final String run;

		private final String instance;

		private final long workMillis;

		Recorder(RedisClient client, String run, String instance, long workMillis) {
			this.client = client;
			this.connection = client.connect();
			this.run = run;
			this.instance = instance;
			this.workMillis = workMillis;
		}

		void handle(String kind, String payload, String id) throws InterruptedException {
			if (payload.startsWith("poison")) {
				throw new IllegalStateException("cannot handle " + payload);
			}
			if (this.workMillis > 0) {
				// simulated work, so that a consumer holds items while it is paused; not synchronisation
				Thread.sleep(this.workMillis);
			}
			this.connection.sync()
				.eval(RECORD, ScriptOutputType.INTEGER,
						new String[] { this.run + ":processed:" + kind, this.run + ":instances" }, id,
						this.instance + ":" + kind);
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown();
		}

	}

	static class Listeners {

		private final Recorder recorder;

		Listeners(Recorder recorder) {
			this.recorder = recorder;
		}

		@QueueListener(id = QUEUE_LISTENER, queue = "${crash.queue}")
		void onQueueItem(String payload, @Header(RedisHeaders.ID) String id) throws InterruptedException {
			this.recorder.handle("queue", payload, id);
		}

		@StreamListener(id = STREAM_LISTENER, stream = "${crash.stream}", group = "${crash.group}",
				start = "earliest")
		void onStreamEntry(String payload, @Header(RedisHeaders.ID) String id) throws InterruptedException {
			this.recorder.handle("stream", payload, id);
		}

		@StreamListener(id = POISON_STREAM_LISTENER, stream = "${crash.poison-stream}", group = "${crash.group}",
				start = "earliest")
		void onPoisonStreamEntry(String payload, @Header(RedisHeaders.ID) String id) throws InterruptedException {
			// entry ids of two streams may be equal; the test keys this stream's entries as poison/<id>
			this.recorder.handle("stream", payload, "poison/" + id);
		}

	}

}

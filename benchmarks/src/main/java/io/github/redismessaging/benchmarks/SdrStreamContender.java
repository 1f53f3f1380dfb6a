package io.github.redismessaging.benchmarks;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;

/**
 * Spring Data Redis's {@link StreamMessageListenerContainer}, wired by hand as its documentation shows:
 * {@code receive} plus {@code acknowledge} of each record through a {@link StringRedisTemplate}, or
 * {@code receiveAutoAck} (XREADGROUP with NOACK). Reads use {@code batchSize(100)}, like every other contender.
 */
public final class SdrStreamContender implements Contender {

	private static final String GROUP = "bench";

	private final String name;

	private final String key;

	private final Redis redis;

	private final RedisConnectionFactory factory;

	private final StringRedisTemplate template;

	private final boolean autoAck;

	private StreamMessageListenerContainer<String, MapRecord<String, String, String>> container;

	/**
	 * Creates the contender.
	 * @param name table name
	 * @param key the stream
	 * @param redis the server, for preparing the key
	 * @param factory a started Lettuce connection factory
	 * @param autoAck whether to use {@code receiveAutoAck}
	 */
	public SdrStreamContender(String name, String key, Redis redis, RedisConnectionFactory factory, boolean autoAck) {
		this.name = name;
		this.key = key;
		this.redis = redis;
		this.factory = factory;
		this.template = new StringRedisTemplate(factory);
		this.autoAck = autoAck;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String key() {
		return this.key;
	}

	@Override
	public void prepare() {
		this.redis.admin().sync().del(this.key);
		this.redis.admin().sync().xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.latest(this.key), GROUP,
				io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
	}

	@Override
	public void start(Tally tally) {
		StreamMessageListenerContainerOptions<String, MapRecord<String, String, String>> options = StreamMessageListenerContainerOptions
			.builder()
			.batchSize(100)
			.pollTimeout(Duration.ofMillis(200))
			.build();
		this.container = StreamMessageListenerContainer.create(this.factory, options);
		Consumer consumer = Consumer.from(GROUP, "sdr");
		StreamOffset<String> offset = StreamOffset.create(this.key, ReadOffset.lastConsumed());
		if (this.autoAck) {
			this.container.receiveAutoAck(consumer, offset, (record) -> tally.record(record.getValue().get("payload")));
		}
		else {
			this.container.receive(consumer, offset, (record) -> {
				tally.record(record.getValue().get("payload"));
				this.template.opsForStream().acknowledge(GROUP, record);
			});
		}
		this.container.start();
	}

	@Override
	public void stop() {
		this.container.stop();
	}

	@Override
	public void close() {
		if (this.container != null && this.container.isRunning()) {
			this.container.stop();
		}
	}

}

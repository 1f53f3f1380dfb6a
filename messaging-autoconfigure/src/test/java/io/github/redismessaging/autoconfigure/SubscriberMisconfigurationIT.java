package io.github.redismessaging.autoconfigure;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.listener.ListenerConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misconfigured {@code @RedisSubscriber} fails startup with a message naming the bean, the method and the
 * problem.
 */
class SubscriberMisconfigurationIT {

	private final ApplicationContextRunner runner = MessagingContextRunners.standalone();

	@Test
	void noChannelsAndNoPatterns() {
		this.runner.withUserConfiguration(NoChannels.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessage("@RedisSubscriber 'noChannelsBean-on' (bean 'noChannelsBean', method NoChannelsBean.on(String)):"
					+ " attribute 'channels': no channel and no pattern to subscribe to; set 'channels' or 'patterns'"));
	}

	@Test
	void unsupportedParameterType() {
		this.runner.withUserConfiguration(UnsupportedParameter.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("@RedisSubscriber 'unsupportedParameterBean-on' (bean 'unsupportedParameterBean', "
					+ "method UnsupportedParameterBean.on(Runnable))")
			.hasMessageContaining("parameter 0 of type java.lang.Runnable is not supported by @RedisSubscriber"));
	}

	@Test
	void shardedWithPatterns() {
		this.runner.withUserConfiguration(ShardedPatterns.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("@RedisSubscriber 'shardedPatterns' (bean 'shardedPatternsBean', "
					+ "method ShardedPatternsBean.on(String))")
			.hasMessageContaining("attribute 'sharded': cannot be combined with 'patterns' [news.*]"));
	}

	@Test
	void invalidPropertyValueNamesTheProperty() {
		this.runner.withUserConfiguration(NoChannels.class)
			.withPropertyValues("redis.messaging.listeners.noChannelsBean-on.channels=x",
					"redis.messaging.listeners.noChannelsBean-on.concurrency=0")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("attribute 'concurrency': must be at least 1 but is 0 "
						+ "(from properties redis.messaging.listeners.noChannelsBean-on.*)"));
	}

	@Test
	void eventLoopDispatchWithWorkers() {
		this.runner.withUserConfiguration(NoChannels.class)
			.withPropertyValues("redis.messaging.listeners.noChannelsBean-on.channels=x",
					"redis.messaging.listeners.noChannelsBean-on.dispatch=EVENT_LOOP",
					"redis.messaging.listeners.noChannelsBean-on.concurrency=4")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("@RedisSubscriber 'noChannelsBean-on' (bean 'noChannelsBean', "
						+ "method NoChannelsBean.on(String))")
				.hasMessageContaining("attribute 'dispatch': EVENT_LOOP runs the method on the connection's event "
						+ "loop, which takes no workers, but concurrency is 4"));
	}

	@Test
	void eventLoopDispatchOfAnAsynchronousMethod() {
		this.runner.withUserConfiguration(AsyncEventLoop.class).run((context) -> assertThat(context).getFailure()
			.isInstanceOf(ListenerConfigurationException.class)
			.hasMessageContaining("@RedisSubscriber 'asyncEventLoop' (bean 'asyncEventLoopBean', "
					+ "method AsyncEventLoopBean.on(String))")
			.hasMessageContaining("attribute 'dispatch': EVENT_LOOP needs a method that returns void, but it returns "
					+ "java.util.concurrent.CompletableFuture"));
	}

	@Test
	void unknownDispatchFailsToBindTheProperty() {
		this.runner.withUserConfiguration(NoChannels.class)
			.withPropertyValues("redis.messaging.listeners.noChannelsBean-on.channels=x",
					"redis.messaging.pubsub.defaults.dispatch=INLINE")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("redis.messaging.pubsub.defaults.dispatch")
				.hasStackTraceContaining("io.github.redismessaging.pubsub.Dispatch"));
	}

	@Test
	void duplicateIds() {
		this.runner.withUserConfiguration(DuplicateIds.class).run((context) -> assertThat(context).getFailure()
			.hasMessageContaining("Duplicate listener id 'same'"));
	}

	@Configuration(proxyBeanMethods = false)
	static class NoChannels {

		@Bean
		NoChannelsBean noChannelsBean() {
			return new NoChannelsBean();
		}

	}

	static class NoChannelsBean {

		@RedisSubscriber
		void on(String message) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnsupportedParameter {

		@Bean
		UnsupportedParameterBean unsupportedParameterBean() {
			return new UnsupportedParameterBean();
		}

	}

	static class UnsupportedParameterBean {

		@RedisSubscriber(channels = "x")
		void on(Runnable task) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ShardedPatterns {

		@Bean
		ShardedPatternsBean shardedPatternsBean() {
			return new ShardedPatternsBean();
		}

	}

	static class ShardedPatternsBean {

		@RedisSubscriber(id = "shardedPatterns", channels = "news", patterns = "news.*", sharded = "true")
		void on(String message) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AsyncEventLoop {

		@Bean
		AsyncEventLoopBean asyncEventLoopBean() {
			return new AsyncEventLoopBean();
		}

	}

	static class AsyncEventLoopBean {

		@RedisSubscriber(id = "asyncEventLoop", channels = "x", dispatch = "EVENT_LOOP")
		CompletableFuture<Void> on(String message) {
			return CompletableFuture.completedFuture(null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateIds {

		@Bean
		DuplicateIdsBean duplicateIdsBean() {
			return new DuplicateIdsBean();
		}

	}

	static class DuplicateIdsBean {

		@RedisSubscriber(id = "same", channels = "a")
		void first(String message) {
		}

		@RedisSubscriber(id = "same", channels = "b")
		void second(String message) {
		}

	}

}

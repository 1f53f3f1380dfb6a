package io.github.redismessaging.autoconfigure;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConverters;
import org.springframework.validation.Validator;

import io.github.redismessaging.annotation.RedisMessagingConfiguration;
import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.ListenerSettingsSource;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.listener.adapter.ListenerInvokerFactory;
import io.github.redismessaging.listener.support.FailureHandlers;
import io.github.redismessaging.listener.support.ListenerThreads;
import io.github.redismessaging.metrics.MessagingMetrics;
import io.github.redismessaging.metrics.MessagingObservations;
import io.github.redismessaging.metrics.RedisListenerObservationConvention;
import io.github.redismessaging.metrics.RedisTemplateObservationConvention;
import io.github.redismessaging.publish.Durability;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.pubsub.PubSubContainerFactory;
import io.github.redismessaging.queue.QueueContainerFactory;
import io.github.redismessaging.stream.StreamContainerFactory;

/**
 * Auto-configuration of redis-messaging: reuses Boot's Lettuce connection factory, registers the template, the
 * listener containers' factories and the detection of listener annotations.
 */
@AutoConfiguration(after = { DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class })
@ConditionalOnClass({ AbstractRedisClient.class, LettuceConnectionFactory.class })
@EnableConfigurationProperties(RedisMessagingProperties.class)
@Import(RedisMessagingConfiguration.class)
@ImportRuntimeHints(RedisConnectionsRuntimeHints.class)
public class RedisMessagingAutoConfiguration {

	/** The name of the {@link TaskExecutor} bean that runs the listeners' fetch loops and workers. */
	public static final String TASK_EXECUTOR = "redisMessagingTaskExecutor";

	/** The name of the {@link TaskScheduler} bean that times the listeners' periodic work. */
	public static final String TASK_SCHEDULER = "redisMessagingTaskScheduler";

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RedisConnections redisMessagingConnections(RedisConnectionFactory connectionFactory) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalStateException("redis-messaging needs Lettuce, but the RedisConnectionFactory is a "
					+ connectionFactory.getClass().getName()
					+ "; remove Jedis or set spring.data.redis.client-type=lettuce");
		}
		return RedisConnections.of(lettuce::getRequiredNativeClient, sentinels(lettuce));
	}

	/**
	 * The sentinels to follow the master through, with the credentials and TLS settings that the connection factory
	 * uses for them; {@code null} when Redis is not managed by Sentinel.
	 */
	private static @Nullable RedisURI sentinels(LettuceConnectionFactory lettuce) {
		RedisSentinelConfiguration sentinel = lettuce.getSentinelConfiguration();
		if (sentinel == null) {
			return null;
		}
		RedisURI uri = LettuceConverters.sentinelConfigurationToRedisURI(sentinel);
		LettuceClientConfiguration client = lettuce.getClientConfiguration();
		for (RedisURI node : uri.getSentinels()) {
			node.setSsl(client.isUseSsl());
			node.setVerifyPeer(client.isVerifyPeer());
			node.setStartTls(client.isStartTls());
		}
		return uri;
	}

	@Bean
	@ConditionalOnMissingBean
	PayloadCodec redisMessagingPayloadCodec(ObjectProvider<JsonMapper> jsonMapper) {
		return PayloadCodec.json(jsonMapper.getIfAvailable(JsonMapper::shared));
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerInvokerFactory redisMessagingListenerInvokerFactory(PayloadCodec codec,
			ObjectProvider<Validator> validator) {
		// Boot's validator (spring-boot-starter-validation) validates @Valid payloads.
		return new ListenerInvokerFactory(codec, validator.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	MessagingMetrics redisMessagingMetrics(RedisMessagingProperties properties,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<RedisListenerObservationConvention> listenerConvention,
			ObjectProvider<RedisTemplateObservationConvention> templateConvention) {
		MeterRegistry meters = meterRegistry.getIfAvailable(CompositeMeterRegistry::new);
		// Observations on: they alone time each handled message; off: the plain timer does, and none is created.
		ObservationRegistry observations = properties.isObservationEnabled()
				? observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
		return MessagingMetrics.of(meters, new MessagingObservations(observations, listenerConvention.getIfUnique(),
				templateConvention.getIfUnique()));
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerSettingsSource redisMessagingListenerSettings(RedisMessagingProperties properties) {
		return new PropertiesListenerSettingsSource(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	RedisMessagingTemplate redisMessagingTemplate(RedisConnections connections, PayloadCodec codec,
			KeyNames keyNames, MessagingMetrics metrics, RedisMessagingProperties properties) {
		return RedisMessagingTemplate.create(connections, codec, keyNames, metrics.observations(),
				durability(properties.getProducer().getDurability()));
	}

	/**
	 * The durability of template writes that are given none: none unless replicas are asked for.
	 */
	private static Durability durability(RedisMessagingProperties.Producer.Durability properties) {
		if (properties.getReplicas() < 0) {
			throw new IllegalArgumentException(
					"redis.messaging.producer.durability.replicas must be 0 (none) or more, not "
							+ properties.getReplicas());
		}
		if (properties.getReplicas() == 0) {
			return Durability.none();
		}
		try {
			return Durability.replicas(properties.getReplicas(), properties.getTimeout());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("redis.messaging.producer.durability." + ex.getMessage(), ex);
		}
	}

	@Bean
	SharedConnectionLifecycle redisMessagingSharedConnectionLifecycle(RedisConnections connections) {
		return new SharedConnectionLifecycle(connections);
	}

	/**
	 * Fires due recurring jobs every {@code redis.messaging.schedules.interval}, on the messaging threads.
	 */
	@Bean
	ScheduleFiring redisMessagingScheduleFiring(RedisMessagingTemplate template, ListenerThreads threads,
			RedisMessagingProperties properties) {
		return new ScheduleFiring(template, threads, properties.getSchedules().getInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	KeyNames redisMessagingKeyNames(RedisMessagingProperties properties) {
		return new KeyNames(properties.getKeyPrefix());
	}

	/**
	 * Runs the listeners' fetch loops and workers: a thread per task, virtual with
	 * {@code spring.threads.virtual.enabled=true} on Java 21 and later. Replace it by a bean of this name.
	 */
	@Bean(name = TASK_EXECUTOR)
	@ConditionalOnMissingBean(name = TASK_EXECUTOR)
	SimpleAsyncTaskExecutor redisMessagingTaskExecutor(Environment environment) {
		return ListenerThreads.executor(Threading.VIRTUAL.isActive(environment));
	}

	/**
	 * Times the listeners' periodic work. Replace it by a bean of this name.
	 */
	@Bean(name = TASK_SCHEDULER)
	@ConditionalOnMissingBean(name = TASK_SCHEDULER)
	ThreadPoolTaskScheduler redisMessagingTaskScheduler() {
		return ListenerThreads.scheduler();
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerThreads redisMessagingListenerThreads(@Qualifier(TASK_EXECUTOR) TaskExecutor executor,
			@Qualifier(TASK_SCHEDULER) TaskScheduler scheduler) {
		return new ListenerThreads(executor, scheduler);
	}

	@Bean
	@ConditionalOnMissingBean
	StreamContainerFactory redisMessagingStreamContainerFactory(RedisConnections connections,
			MessagingMetrics metrics, KeyNames keyNames, ListableBeanFactory beanFactory, ListenerThreads threads) {
		return new StreamContainerFactory(connections, metrics, keyNames, new FailureHandlers(beanFactory), threads);
	}

	@Bean
	@ConditionalOnMissingBean
	QueueContainerFactory redisMessagingQueueContainerFactory(RedisConnections connections,
			MessagingMetrics metrics, KeyNames keyNames, ListableBeanFactory beanFactory, ListenerThreads threads) {
		return new QueueContainerFactory(connections, metrics, keyNames, new FailureHandlers(beanFactory), threads);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "redisMessagingHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("redisMessaging")
		RedisMessagingHealthIndicator redisMessagingHealthIndicator(RedisListenerRegistry registry,
				RedisConnections connections, RedisMessagingProperties properties) {
			return new RedisMessagingHealthIndicator(registry, connections,
					properties.getHealth().getFailureThreshold());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		RedisMessagingEndpoint redisMessagingEndpoint(RedisListenerRegistry registry,
				RedisMessagingTemplate template, RedisConnections connections, PayloadCodec codec,
				ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<ListenerActivityHistory> history) {
			MeterRegistry meters = meterRegistry.getIfAvailable();
			// a partition is addressed by its key, which has the key prefix already
			return new RedisMessagingEndpoint(registry, template, RedisMessagingTemplate.create(connections, codec),
					(meters != null) ? new ListenerCounts(meters) : null, history.getIfAvailable());
		}

		@Bean(destroyMethod = "destroy")
		@ConditionalOnBean(MeterRegistry.class)
		@ConditionalOnAvailableEndpoint(endpoint = RedisMessagingEndpoint.class)
		ListenerActivityHistory redisMessagingListenerActivityHistory(RedisListenerRegistry registry,
				MeterRegistry meterRegistry, @Qualifier(TASK_SCHEDULER) TaskScheduler scheduler) {
			return new ListenerActivityHistory(registry, new ListenerCounts(meterRegistry), scheduler);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
		@ConditionalOnClass(name = "org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdvice")
		static class WebMvcConfiguration {

			@Bean
			@ConditionalOnAvailableEndpoint(endpoint = RedisMessagingEndpoint.class, exposure = EndpointExposure.WEB)
			RedisMessagingEndpointRequestBodyAdvice redisMessagingEndpointRequestBodyAdvice(
					ObjectProvider<PathMappedEndpoints> endpoints) {
				return new RedisMessagingEndpointRequestBodyAdvice(endpoints);
			}

		}

	}

	@Bean
	@ConditionalOnMissingBean
	PubSubContainerFactory redisMessagingPubSubContainerFactory(RedisConnections connections,
			MessagingMetrics metrics, ListenerThreads threads) {
		return new PubSubContainerFactory(connections, metrics, threads);
	}

}

package io.github.redismessaging.autoconfigure;

import io.lettuce.core.AbstractRedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.validation.Validator;

import io.github.redismessaging.annotation.RedisMessagingConfiguration;
import io.github.redismessaging.codec.PayloadCodec;
import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.listener.ListenerSettingsSource;
import io.github.redismessaging.listener.RedisListenerRegistry;
import io.github.redismessaging.listener.adapter.ListenerInvokerFactory;
import io.github.redismessaging.listener.support.FailureHandlers;
import io.github.redismessaging.metrics.MessagingMetrics;
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
public class RedisMessagingAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RedisConnections redisMessagingConnections(RedisConnectionFactory connectionFactory) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalStateException("redis-messaging needs Lettuce, but the RedisConnectionFactory is a "
					+ connectionFactory.getClass().getName()
					+ "; remove Jedis or set spring.data.redis.client-type=lettuce");
		}
		return RedisConnections.of(lettuce::getRequiredNativeClient);
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
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<ObservationRegistry> observationRegistry) {
		MeterRegistry meters = meterRegistry.getIfAvailable(CompositeMeterRegistry::new);
		ObservationRegistry observations = properties.isObservationEnabled()
				? observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
		return MessagingMetrics.of(meters, observations);
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerSettingsSource redisMessagingListenerSettings(RedisMessagingProperties properties) {
		return new PropertiesListenerSettingsSource(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	RedisMessagingTemplate redisMessagingTemplate(RedisConnections connections, PayloadCodec codec,
			KeyNames keyNames, MessagingMetrics metrics) {
		return RedisMessagingTemplate.create(connections, codec, keyNames, metrics.observations());
	}

	@Bean
	SharedConnectionLifecycle redisMessagingSharedConnectionLifecycle(RedisConnections connections) {
		return new SharedConnectionLifecycle(connections);
	}

	@Bean
	@ConditionalOnMissingBean
	KeyNames redisMessagingKeyNames(RedisMessagingProperties properties) {
		return new KeyNames(properties.getKeyPrefix());
	}

	@Bean
	@ConditionalOnMissingBean
	StreamContainerFactory redisMessagingStreamContainerFactory(RedisConnections connections,
			MessagingMetrics metrics, KeyNames keyNames, ListableBeanFactory beanFactory) {
		return new StreamContainerFactory(connections, metrics, keyNames, new FailureHandlers(beanFactory));
	}

	@Bean
	@ConditionalOnMissingBean
	QueueContainerFactory redisMessagingQueueContainerFactory(RedisConnections connections,
			MessagingMetrics metrics, KeyNames keyNames, ListableBeanFactory beanFactory) {
		return new QueueContainerFactory(connections, metrics, keyNames, new FailureHandlers(beanFactory));
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
				RedisMessagingTemplate template, ObjectProvider<MeterRegistry> meterRegistry) {
			return new RedisMessagingEndpoint(registry, template, meterRegistry.getIfAvailable());
		}

	}

	@Bean
	@ConditionalOnMissingBean
	PubSubContainerFactory redisMessagingPubSubContainerFactory(RedisConnections connections,
			MessagingMetrics metrics) {
		return new PubSubContainerFactory(connections, metrics);
	}

}

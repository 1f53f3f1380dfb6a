package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import io.github.redismessaging.annotation.RedisSubscriber;
import io.github.redismessaging.listener.RedisHeaders;
import io.github.redismessaging.publish.RedisMessagingTemplate;
import io.github.redismessaging.test.ClusterNode;
import io.github.redismessaging.test.RedisCluster;
import io.github.redismessaging.test.SharedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @RedisSubscriber} on a real 6-node Redis 7 cluster: classic and sharded pub/sub, and sharded
 * subscriptions that follow their slot through a master failure and a slot migration.
 */
class PubSubClusterIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final RedisCluster cluster = SharedRedis.cluster();

	@AfterEach
	void restoreCluster() {
		this.cluster.restore();
	}

	@Test
	void shardedChannelsOnEveryMasterAndClassicChannelsAreDelivered() {
		List<String> channels = channelsOnEveryMaster("it.cluster.orders.");
		MessagingContextRunners.cluster()
			.withUserConfiguration(Listeners.class)
			.withPropertyValues("redis.messaging.listeners.sharded.channels=" + String.join(",", channels))
			.run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				Received received = context.getBean(Received.class);
				for (String channel : channels) {
					assertThat(template.publishSharded(channel, "hello")).isEqualTo(1);
				}
				template.publish("it.cluster.news", "classic");
				template.publish("it.cluster.news.eu", "by-pattern");
				await().atMost(TIMEOUT).untilAsserted(() -> {
					List<String> expected = new ArrayList<>(channels.stream().map((c) -> "sharded " + c + " hello").toList());
					expected.add("classic it.cluster.news classic");
					expected.add("pattern it.cluster.news.eu by-pattern");
					assertThat(received.items()).containsExactlyInAnyOrderElementsOf(expected);
				});
			});
	}

	@Test
	void eventLoopDispatchOnEveryMasterKeepsEachChannelsOrderAndNeverOverlapsCalls() {
		List<String> channels = channelsOnEveryMaster("it.cluster.inline.");
		MessagingContextRunners.cluster()
			.withUserConfiguration(EventLoopListener.class)
			.withPropertyValues("redis.messaging.listeners.inline.channels=" + String.join(",", channels))
			.run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				EventLoopListenerBean listener = context.getBean(EventLoopListenerBean.class);
				// one publisher per master at once, so that deliveries from different nodes do arrive together
				channels.parallelStream().forEach((channel) -> IntStream.range(0, 300)
					.forEach((i) -> template.publishSharded(channel, channel + ":" + i)));
				await().atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(listener.received.items()).hasSize(300 * channels.size()));
				for (String channel : channels) {
					assertThat(listener.received.items().stream().filter((item) -> item.startsWith(channel + ":")))
						.containsExactlyElementsOf(IntStream.range(0, 300).mapToObj((i) -> channel + ":" + i).toList());
				}
				assertThat(listener.mostAtOnce).hasValue(1);
			});
	}

	@Test
	void shardedSubscriptionFollowsItsSlotWhenTheMasterIsKilled() {
		String channel = "it.cluster.failover";
		MessagingContextRunners.cluster()
			.withUserConfiguration(Listeners.class)
			.withPropertyValues("redis.messaging.listeners.sharded.channels=" + channel)
			.run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				Received received = context.getBean(Received.class);
				assertDelivered(template, received, channel, "before");
				ClusterNode owner = this.cluster.masterForKey(channel);
				ClusterNode promoted = this.cluster.killMasterAndAwaitPromotion(owner);
				assertThat(this.cluster.masterForKey(channel).id()).isEqualTo(promoted.id());
				assertDelivered(template, received, channel, "after-failover");
			});
	}

	@Test
	void shardedSubscriptionFollowsItsSlotWhenTheSlotMigrates() {
		String channel = "it.cluster.migrating";
		MessagingContextRunners.cluster()
			.withUserConfiguration(Listeners.class)
			.withPropertyValues("redis.messaging.listeners.sharded.channels=" + channel)
			.run((context) -> {
				RedisMessagingTemplate template = context.getBean(RedisMessagingTemplate.class);
				Received received = context.getBean(Received.class);
				assertDelivered(template, received, channel, "before");
				ClusterNode owner = this.cluster.masterForKey(channel);
				ClusterNode target = this.cluster.masters().stream()
					.filter((master) -> !master.id().equals(owner.id()))
					.findFirst()
					.orElseThrow();
				this.cluster.migrateSlot(RedisCluster.slot(channel), target);
				assertThat(this.cluster.masterForKey(channel).id()).isEqualTo(target.id());
				assertDelivered(template, received, channel, "after-migration");
			});
	}

	/**
	 * Publishes until one message arrives: messages published while the subscription moves are lost by
	 * design (pub/sub is at most once), but delivery must come back by itself.
	 */
	private static void assertDelivered(RedisMessagingTemplate template, Received received, String channel,
			String prefix) {
		AtomicInteger attempt = new AtomicInteger();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
			.untilAsserted(() -> {
				template.publishSharded(channel, prefix + "-" + attempt.incrementAndGet());
				assertThat(received.items()).anyMatch((item) -> item.startsWith("sharded " + channel + " " + prefix + "-"));
			});
	}

	private List<String> channelsOnEveryMaster(String prefix) {
		Set<String> owners = new HashSet<>();
		List<String> channels = new ArrayList<>();
		for (int i = 0; owners.size() < this.cluster.masters().size(); i++) {
			String channel = prefix + i;
			if (owners.add(this.cluster.masterForKey(channel).id())) {
				channels.add(channel);
			}
		}
		return channels;
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		Received received() {
			return new Received();
		}

		@Bean
		ClusterListenerBean clusterListenerBean(Received received) {
			return new ClusterListenerBean(received);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventLoopListener {

		@Bean
		EventLoopListenerBean eventLoopListenerBean() {
			return new EventLoopListenerBean();
		}

	}

	static class EventLoopListenerBean {

		private final Received received = new Received();

		private final AtomicInteger running = new AtomicInteger();

		private final AtomicInteger mostAtOnce = new AtomicInteger();

		@RedisSubscriber(id = "inline", channels = "replaced-by-property", sharded = "true", dispatch = "EVENT_LOOP")
		void on(String message) {
			this.mostAtOnce.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			// a little work, so that a call from one node's connection would overlap another's
			LockSupport.parkNanos(100_000);
			this.received.add(message);
			this.running.decrementAndGet();
		}

	}

	static class ClusterListenerBean {

		private final Received received;

		ClusterListenerBean(Received received) {
			this.received = received;
		}

		@RedisSubscriber(id = "sharded", channels = "replaced-by-property", sharded = "true")
		void sharded(String message, @Header(RedisHeaders.CHANNEL) String channel) {
			this.received.add("sharded " + channel + " " + message);
		}

		@RedisSubscriber(id = "classic", channels = "it.cluster.news")
		void classic(String message, @Header(RedisHeaders.CHANNEL) String channel) {
			this.received.add("classic " + channel + " " + message);
		}

		@RedisSubscriber(id = "pattern", patterns = "it.cluster.news.*")
		void pattern(String message, @Header(RedisHeaders.CHANNEL) String channel) {
			this.received.add("pattern " + channel + " " + message);
		}

	}

}

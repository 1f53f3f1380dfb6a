package io.github.redismessaging.pubsub;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import io.github.redismessaging.listener.ListenerKind;
import io.github.redismessaging.listener.support.ListenerThreads;

/**
 * Subscriptions in a Redis Cluster, kept in place by reconciliation rather than trusted to Lettuce (which does
 * not move sharded subscriptions after a failover or slot migration: lettuce issues 3213 and 2356).
 * <ul>
 * <li>Classic channels and patterns live on one healthy "home" node: Redis broadcasts PUBLISH to every node.
 * If the home node fails or its connection drops, they move to another node.</li>
 * <li>Sharded channels are grouped by slot (SSUBSCRIBE may not span slots) and each group lives on the master
 * that owns its slot. When the owner changes (failover, migration), the group follows.</li>
 * </ul>
 * A short tick compares the placements with the known topology; the topology is refreshed periodically, and at
 * once when a node connection drops or Redis unsubscribes a sharded channel on its own (which it does when a
 * slot moves away). Messages are accepted only from the node that currently holds a placement, so a node that
 * comes back with subscriptions restored by Lettuce cannot cause duplicates.
 */
final class ClusterSubscription implements Subscription {

	private static final Log logger = LogFactory.getLog(ClusterSubscription.class);

	private static final Duration TICK = Duration.ofMillis(200);

	private static final Duration TICK_STOP_TIMEOUT = Duration.ofSeconds(1);

	private static final long STALE_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private static final Set<NodeFlag> UNHEALTHY = EnumSet.of(NodeFlag.FAIL, NodeFlag.EVENTUAL_FAIL,
			NodeFlag.NOADDR, NodeFlag.HANDSHAKE);

	private final RedisClusterClient client;

	private final PubSubSettings settings;

	private final MessageSink sink;

	private final String listenerId;

	private final ListenerThreads threads;

	private final String threadName;

	private final Map<Integer, byte[][]> shardedChannelsBySlot = new TreeMap<>();

	private final Map<Integer, String> slotPlacements = new ConcurrentHashMap<>();

	private final Map<String, StatefulRedisPubSubConnection<byte[], byte[]>> nodeConnections = new ConcurrentHashMap<>();

	private volatile @Nullable String homeNodeId;

	private volatile boolean topologyStale = true;

	private long lastRefresh;

	private volatile @Nullable StatefulRedisClusterPubSubConnection<byte[], byte[]> connection;

	private ListenerThreads.@Nullable Repeating ticks;

	ClusterSubscription(RedisClusterClient client, PubSubSettings settings, MessageSink sink, String listenerId,
			ListenerThreads threads) {
		this.client = client;
		this.settings = settings;
		this.sink = sink;
		this.listenerId = listenerId;
		this.threads = threads;
		this.threadName = "redis-" + ListenerKind.PUBSUB.propertyName() + "-" + listenerId + "-topology";
		if (settings.sharded()) {
			Map<Integer, List<String>> bySlot = settings.channels()
				.stream()
				.collect(Collectors.groupingBy(SlotHash::getSlot, TreeMap::new, Collectors.toList()));
			bySlot.forEach((slot, channels) -> this.shardedChannelsBySlot.put(slot, PubSubNames.encode(channels)));
		}
	}

	@Override
	public void open() {
		StatefulRedisClusterPubSubConnection<byte[], byte[]> opened = this.client.connectPubSub(ByteArrayCodec.INSTANCE);
		this.connection = opened;
		opened.setNodeMessagePropagation(true);
		opened.addListener(new MessageAdapter());
		this.topologyStale = true;
		if (!reconcile()) {
			throw new IllegalStateException("Could not place every subscription of " + this.settings.describe()
					+ " on a healthy cluster node");
		}
		this.ticks = this.threads.repeat(this.threadName, TICK, TICK, this::tick);
	}

	@Override
	public void close() {
		StatefulRedisClusterPubSubConnection<byte[], byte[]> closing = this.connection;
		this.connection = null;
		if (this.ticks != null) {
			// closed first, so that a check it interrupts ends quietly
			try {
				this.ticks.stop(TICK_STOP_TIMEOUT);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.nodeConnections.clear();
		this.slotPlacements.clear();
		this.homeNodeId = null;
		if (closing != null) {
			closing.close();
		}
	}

	private void tick() {
		try {
			reconcile();
		}
		catch (RuntimeException ex) {
			if (isClosed()) {
				logger.debug("Listener '" + this.listenerId + "' stopped while checking its cluster subscriptions", ex);
				return;
			}
			this.topologyStale = true;
			logger.warn("Listener '" + this.listenerId + "' could not check its cluster subscriptions; retrying", ex);
		}
	}

	/**
	 * Whether {@link #close()} ran: a check in progress then fails (interrupted, connection closed) as a normal
	 * part of stopping, not as a problem to report.
	 */
	private boolean isClosed() {
		return this.connection == null;
	}

	/**
	 * Moves every placement to where the topology says it belongs.
	 * @return whether every placement is in place
	 */
	private synchronized boolean reconcile() {
		if (isClosed()) {
			return false;
		}
		refreshTopologyIfDue();
		Partitions partitions = this.client.getPartitions();
		boolean complete = true;
		if (hasClassicSubscriptions()) {
			complete = placeHome(partitions);
		}
		for (Map.Entry<Integer, byte[][]> group : this.shardedChannelsBySlot.entrySet()) {
			complete &= placeSlot(group.getKey(), group.getValue(), partitions);
		}
		if (!complete) {
			this.topologyStale = true;
		}
		return complete;
	}

	private void refreshTopologyIfDue() {
		long now = System.nanoTime();
		long sinceRefresh = now - this.lastRefresh;
		if ((this.topologyStale && sinceRefresh >= STALE_REFRESH_NANOS)
				|| sinceRefresh >= this.settings.topologyRefreshInterval().toNanos()) {
			this.topologyStale = false;
			this.lastRefresh = now;
			this.client.refreshPartitions();
		}
	}

	private boolean hasClassicSubscriptions() {
		return (!this.settings.sharded() && !this.settings.channels().isEmpty()) || !this.settings.patterns().isEmpty();
	}

	private boolean placeHome(Partitions partitions) {
		String current = this.homeNodeId;
		if (current != null && isHealthy(partitions.getPartitionByNodeId(current)) && isOpen(current)) {
			return true;
		}
		List<RedisClusterNode> candidates = partitions.stream()
			.filter(ClusterSubscription::isHealthy)
			.sorted(Comparator.comparing((RedisClusterNode node) -> node.is(NodeFlag.UPSTREAM)))
			.toList();
		for (RedisClusterNode candidate : candidates) {
			if (subscribeClassic(candidate)) {
				if (current != null && !current.equals(candidate.getNodeId())) {
					unsubscribeClassic(current);
				}
				return true;
			}
		}
		return false;
	}

	private boolean subscribeClassic(RedisClusterNode node) {
		StatefulRedisPubSubConnection<byte[], byte[]> nodeConnection = nodeConnection(node.getNodeId());
		if (nodeConnection == null) {
			return false;
		}
		this.homeNodeId = node.getNodeId();
		try {
			if (!this.settings.sharded() && !this.settings.channels().isEmpty()) {
				await(nodeConnection.async().subscribe(PubSubNames.encode(this.settings.channels())));
			}
			if (!this.settings.patterns().isEmpty()) {
				await(nodeConnection.async().psubscribe(PubSubNames.encode(this.settings.patterns())));
			}
			logger.info("Listener '" + this.listenerId + "' subscribed " + this.settings.describe() + " at node "
					+ node.getUri().getHost() + ":" + node.getUri().getPort());
			return true;
		}
		catch (Exception ex) {
			this.homeNodeId = null;
			if (isClosed()) {
				return false;
			}
			logger.warn("Listener '" + this.listenerId + "' could not subscribe at node " + node.getNodeId()
					+ "; trying another node: " + ex);
			return false;
		}
	}

	private void unsubscribeClassic(String nodeId) {
		StatefulRedisPubSubConnection<byte[], byte[]> previous = this.nodeConnections.get(nodeId);
		if (previous == null || !previous.isOpen()) {
			return;
		}
		if (!this.settings.sharded() && !this.settings.channels().isEmpty()) {
			previous.async().unsubscribe(PubSubNames.encode(this.settings.channels()));
		}
		if (!this.settings.patterns().isEmpty()) {
			previous.async().punsubscribe(PubSubNames.encode(this.settings.patterns()));
		}
	}

	private boolean placeSlot(int slot, byte[][] channels, Partitions partitions) {
		RedisClusterNode owner = partitions.getMasterBySlot(slot);
		if (owner == null || !isHealthy(owner)) {
			return false;
		}
		String ownerId = owner.getNodeId();
		String placed = this.slotPlacements.get(slot);
		if (ownerId.equals(placed) && isOpen(ownerId)) {
			return true;
		}
		StatefulRedisPubSubConnection<byte[], byte[]> nodeConnection = nodeConnection(ownerId);
		if (nodeConnection == null) {
			return false;
		}
		this.slotPlacements.put(slot, ownerId);
		try {
			await(nodeConnection.async().ssubscribe(channels));
		}
		catch (Exception ex) {
			this.slotPlacements.remove(slot, ownerId);
			if (isClosed()) {
				return false;
			}
			logger.warn("Listener '" + this.listenerId + "' could not subscribe sharded channels of slot " + slot
					+ " at node " + ownerId + "; retrying after a topology refresh: " + ex);
			return false;
		}
		if (placed != null && !placed.equals(ownerId)) {
			StatefulRedisPubSubConnection<byte[], byte[]> previous = this.nodeConnections.get(placed);
			if (previous != null && previous.isOpen()) {
				previous.async().sunsubscribe(channels);
			}
		}
		logger.info("Listener '" + this.listenerId + "' subscribed sharded channels of slot " + slot + " at node "
				+ owner.getUri().getHost() + ":" + owner.getUri().getPort());
		return true;
	}

	/**
	 * The connection to a node, opened if needed; {@code null} while a known connection is reconnecting.
	 */
	private @Nullable StatefulRedisPubSubConnection<byte[], byte[]> nodeConnection(String nodeId) {
		StatefulRedisPubSubConnection<byte[], byte[]> known = this.nodeConnections.get(nodeId);
		if (known != null && known.isOpen()) {
			return known;
		}
		try {
			StatefulRedisPubSubConnection<byte[], byte[]> current = await(this.connection.getConnectionAsync(nodeId));
			if (current == known || !current.isOpen()) {
				return null;
			}
			current.addListener(new NodeConnectionListener(nodeId));
			this.nodeConnections.put(nodeId, current);
			return current;
		}
		catch (Exception ex) {
			logger.debug("No connection to cluster node " + nodeId + " yet", ex);
			return null;
		}
	}

	private boolean isOpen(String nodeId) {
		StatefulRedisPubSubConnection<byte[], byte[]> known = this.nodeConnections.get(nodeId);
		return known != null && known.isOpen();
	}

	private <T> T await(CompletionStage<T> stage) throws Exception {
		return stage.toCompletableFuture().get(this.settings.subscribeTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	private static boolean isHealthy(RedisClusterNode node) {
		return node != null && node.getFlags().stream().noneMatch(UNHEALTHY::contains);
	}

	private void reconcileSoon() {
		this.topologyStale = true;
		if (this.connection != null) {
			try {
				this.threads.runLater(this.threadName, Duration.ZERO, this::tick);
			}
			catch (RejectedExecutionException ex) {
				logger.debug("Listener '" + this.listenerId + "' is stopping; no reconciliation", ex);
			}
		}
	}

	/**
	 * Invalidates the placements of a node whose connection dropped, and on reconnect withdraws whatever Lettuce
	 * restored there that now belongs elsewhere.
	 */
	private final class NodeConnectionListener implements RedisConnectionStateListener {

		private final String nodeId;

		NodeConnectionListener(String nodeId) {
			this.nodeId = nodeId;
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
			ClusterSubscription.this.slotPlacements.values().removeIf(this.nodeId::equals);
			reconcileSoon();
		}

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
			if (!this.nodeId.equals(ClusterSubscription.this.homeNodeId)) {
				unsubscribeClassic(this.nodeId);
			}
			reconcileSoon();
		}

	}

	private final class MessageAdapter extends RedisClusterPubSubAdapter<byte[], byte[]> {

		private final PubSubNames.Decoder channels = new PubSubNames.Decoder();

		private final PubSubNames.Decoder patterns = new PubSubNames.Decoder();


		@Override
		public void message(RedisClusterNode node, byte[] channel, byte[] message) {
			if (isHome(node)) {
				ClusterSubscription.this.sink.accept(this.channels.decode(channel), null, false, message);
			}
		}

		@Override
		public void message(RedisClusterNode node, byte[] pattern, byte[] channel, byte[] message) {
			if (isHome(node)) {
				ClusterSubscription.this.sink.accept(this.channels.decode(channel), this.patterns.decode(pattern), false,
						message);
			}
		}

		@Override
		public void smessage(RedisClusterNode node, byte[] channel, byte[] message) {
			if (node != null && node.getNodeId().equals(ClusterSubscription.this.slotPlacements.get(SlotHash.getSlot(channel)))) {
				ClusterSubscription.this.sink.accept(this.channels.decode(channel), null, true, message);
			}
		}

		@Override
		public void sunsubscribed(RedisClusterNode node, byte[] channel, long count) {
			if (node != null && ClusterSubscription.this.slotPlacements.remove(SlotHash.getSlot(channel),
					node.getNodeId())) {
				logger.info("Listener '" + ClusterSubscription.this.listenerId + "': Redis unsubscribed sharded channel '"
						+ PubSubNames.decode(channel) + "' (its slot moved); subscribing at the new owner");
				reconcileSoon();
			}
		}

		private boolean isHome(RedisClusterNode node) {
			return node != null && Objects.equals(node.getNodeId(), ClusterSubscription.this.homeNodeId);
		}

	}

}

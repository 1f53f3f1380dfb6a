package io.github.redismessaging.queue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.metrics.ListenerMetrics;

/**
 * Periodic work of a queue listener, on every instance: refreshes this consumer's heartbeat, moves due items
 * from the delayed set to the queue, returns the items of consumers whose heartbeat expired to the queue, and
 * refreshes the gauges (depth, processing, delayed, dead letters).
 */
final class QueueMaintenance {

	private static final Log logger = LogFactory.getLog(QueueMaintenance.class);

	private static final int PROMOTE_LIMIT = 500;

	private final RedisConnections connections;

	private final QueueSettings settings;

	private final String listenerId;

	private final ListenerMetrics metrics;

	private final InFlightItems inFlight;

	/** Per queue, the items found in this consumer's processing list but not held, at the previous run. */
	private final Map<String, Set<ByteBuffer>> strandedCandidates = new ConcurrentHashMap<>();

	private final Map<String, Gauges> gauges = new ConcurrentSkipListMap<>();

	QueueMaintenance(RedisConnections connections, QueueSettings settings, String listenerId,
			ListenerMetrics metrics, InFlightItems inFlight) {
		this.connections = connections;
		this.inFlight = inFlight;
		this.settings = settings;
		this.listenerId = listenerId;
		this.metrics = metrics;
		for (QueueKeys queue : settings.queues()) {
			Gauges values = new Gauges();
			this.gauges.put(queue.key(), values);
			metrics.gauge("redis.messaging.queue.depth", queue.key(), "Items waiting in the queue", values.depth::get);
			metrics.gauge("redis.messaging.queue.processing", queue.key(), "Items in this consumer's processing list",
					values.processing::get);
			metrics.gauge("redis.messaging.queue.delayed", queue.key(), "Items waiting for their due time",
					values.delayed::get);
			metrics.gauge("redis.messaging.dead-letter.size", queue.key(), "Items in the dead-letter list",
					values.deadLetters::get);
		}
	}

	/**
	 * The last known figures per queue: depth, processing, delayed, dead letters.
	 */
	Map<String, Map<String, Long>> figures() {
		Map<String, Map<String, Long>> figures = new LinkedHashMap<>();
		this.gauges.forEach((queue, values) -> figures.put(queue, Map.of("depth", values.depth.get(), "processing",
				values.processing.get(), "delayed", values.delayed.get(), "deadLetters", values.deadLetters.get())));
		return figures;
	}

	void heartbeat() {
		if (this.settings.mode() != QueueMode.AT_LEAST_ONCE) {
			return;
		}
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connections.commands();
		for (QueueKeys queue : this.settings.queues()) {
			commands.set(bytes(queue.heartbeat(this.settings.consumer())), bytes("1"),
					SetArgs.Builder.px(this.settings.heartbeatTimeout().toMillis()));
			commands.sadd(bytes(queue.consumers()), bytes(this.settings.consumer()));
		}
	}

	void run() {
		try {
			heartbeat();
			for (QueueKeys queue : this.settings.queues()) {
				promoteDueItems(queue);
				if (this.settings.mode() == QueueMode.AT_LEAST_ONCE) {
					recoverDeadConsumers(queue);
					returnStrandedItems(queue);
				}
				refreshGauges(queue);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.warn("Listener '" + this.listenerId + "': queue maintenance failed; retrying next run: " + ex);
		}
	}

	private void promoteDueItems(QueueKeys queue) throws Exception {
		long moved;
		do {
			moved = QueueScripts.PROMOTE_DUE.<Long>run(this.connections.commands(), ScriptOutputType.INTEGER,
					new byte[][] { bytes(queue.delayed()), bytes(queue.key()) },
					bytes(Long.toString(System.currentTimeMillis())), bytes(Integer.toString(PROMOTE_LIMIT)))
				.toCompletableFuture()
				.get(10, TimeUnit.SECONDS);
		}
		while (moved == PROMOTE_LIMIT);
	}

	private void recoverDeadConsumers(QueueKeys queue) throws Exception {
		Set<byte[]> consumers = this.connections.commands().smembers(bytes(queue.consumers())).get(10, TimeUnit.SECONDS);
		for (byte[] member : consumers) {
			String consumer = new String(member, StandardCharsets.UTF_8);
			if (consumer.equals(this.settings.consumer())) {
				continue;
			}
			long recovered = QueueScripts.RECOVER.<Long>run(this.connections.commands(), ScriptOutputType.INTEGER,
					new byte[][] { bytes(queue.heartbeat(consumer)), bytes(queue.processing(consumer)),
							bytes(queue.key()), bytes(queue.consumers()) },
					member)
				.toCompletableFuture()
				.get(10, TimeUnit.SECONDS);
			if (recovered > 0) {
				this.metrics.retried(queue.key());
				logger.warn("Listener '" + this.listenerId + "' returned " + recovered + " items of consumer '"
						+ consumer + "', whose heartbeat expired, to " + queue.key());
			}
		}
	}

	/**
	 * Returns items that sit in this live consumer's processing list without being held, two runs in a row: a
	 * read whose reply was lost with its connection (and that Lettuce then retried) moved them there. A read
	 * moves an item and hands it over within milliseconds, so two runs apart nothing held is mistaken for
	 * stranded.
	 */
	private void returnStrandedItems(QueueKeys queue) throws Exception {
		byte[] processing = bytes(queue.processing(this.settings.consumer()));
		List<byte[]> listed = this.connections.commands().lrange(processing, 0, -1).get(10, TimeUnit.SECONDS);
		Set<ByteBuffer> held = new HashSet<>();
		for (byte[] item : this.inFlight.held(queue)) {
			held.add(ByteBuffer.wrap(item));
		}
		Set<ByteBuffer> notHeld = new HashSet<>();
		for (byte[] item : listed) {
			if (!held.contains(ByteBuffer.wrap(item))) {
				notHeld.add(ByteBuffer.wrap(item));
			}
		}
		Set<ByteBuffer> previous = this.strandedCandidates.getOrDefault(queue.key(), Set.of());
		byte[][] stranded = notHeld.stream().filter(previous::contains).map(ByteBuffer::array).toArray(byte[][]::new);
		this.strandedCandidates.put(queue.key(), notHeld);
		if (stranded.length > 0) {
			long returned = QueueScripts.RETURN_ITEMS.<Long>run(this.connections.commands(), ScriptOutputType.INTEGER,
					new byte[][] { processing, bytes(queue.key()) }, stranded)
				.toCompletableFuture()
				.get(10, TimeUnit.SECONDS);
			if (returned > 0) {
				logger.warn("Listener '" + this.listenerId + "' returned " + returned + " stranded items of "
						+ queue.key() + " (left in its processing list by a lost read) to the queue");
			}
		}
	}

	private void refreshGauges(QueueKeys queue) throws Exception {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connections.commands();
		Gauges values = this.gauges.get(queue.key());
		values.depth.set(commands.llen(bytes(queue.key())).get(10, TimeUnit.SECONDS));
		values.processing.set(commands.llen(bytes(queue.processing(this.settings.consumer()))).get(10, TimeUnit.SECONDS));
		values.delayed.set(commands.zcard(bytes(queue.delayed())).get(10, TimeUnit.SECONDS));
		values.deadLetters.set(commands.llen(bytes(queue.deadLetter())).get(10, TimeUnit.SECONDS));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static final class Gauges {

		private final AtomicLong depth = new AtomicLong();

		private final AtomicLong processing = new AtomicLong();

		private final AtomicLong delayed = new AtomicLong();

		private final AtomicLong deadLetters = new AtomicLong();

	}

}

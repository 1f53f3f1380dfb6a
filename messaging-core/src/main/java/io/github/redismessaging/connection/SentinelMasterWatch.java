package io.github.redismessaging.connection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

/**
 * Follows the master of a Sentinel-managed Redis, so that no connection of the starter keeps talking to a master
 * that was replaced. A master that is paused past the failover and then resumes still believes it is the master
 * until Sentinel demotes it, about ten seconds later; Lettuce keeps its connections to it, and every ack sent there
 * would be discarded with its data.
 * <p>
 * The lifecycle, in one place:
 * <ul>
 * <li><b>Knowing the master.</b> Every second, and at once on a {@code +switch-master} event of any sentinel (each
 * sentinel is subscribed to), every sentinel is asked for the master's address ({@code GET-MASTER-ADDR-BY-NAME},
 * as Lettuce asks when it connects) and for its epoch and run id ({@code SENTINEL MASTER}). The answer with the highest
 * configuration epoch wins, so a sentinel that has not yet heard of a failover never moves the starter back (an
 * older epoch is taken only when every sentinel gives it: the master was monitored anew).</li>
 * <li><b>Reporting a switch.</b> When the winning address differs from the known one, the switch is reported once
 * (the connections then drop and reopen everything they hold).</li>
 * <li><b>Confirming a new connection.</b> A connection opened after a switch asks its server's {@code run_id}; it
 * must be the one Sentinel gives for the master, or the connection is refused (a sentinel that lags may still
 * point at the old master).</li>
 * <li><b>Failures.</b> A sentinel that does not answer within a second is skipped for that round; its connections
 * reconnect by themselves, and one that could not be opened is opened again on the next round. Nothing here
 * blocks: it runs on Lettuce's event executors.</li>
 * </ul>
 */
final class SentinelMasterWatch implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SentinelMasterWatch.class);

	static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(2);

	private static final String SWITCH_CHANNEL = "+switch-master";

	private final RedisClient client;

	private final String masterName;

	private final List<SentinelNode> nodes = new ArrayList<>();

	private final Consumer<Master> switched;

	private final Object monitor = new Object();

	private @Nullable Master known;

	private @Nullable ScheduledFuture<?> schedule;

	private volatile boolean closed;

	/**
	 * Creates the watch, not started.
	 * @param client the application's client, which opens the sentinel connections
	 * @param sentinel the sentinel URI: master name and sentinel nodes
	 * @param switched told of the new master after a switch (on an event executor: must not block)
	 */
	SentinelMasterWatch(RedisClient client, RedisURI sentinel, Consumer<Master> switched) {
		this.client = client;
		this.masterName = sentinel.getSentinelMasterId();
		for (RedisURI node : sentinel.getSentinels()) {
			this.nodes.add(new SentinelNode(node));
		}
		this.switched = switched;
	}

	void start() {
		long millis = CHECK_INTERVAL.toMillis();
		this.schedule = this.client.getResources()
			.eventExecutorGroup()
			.scheduleAtFixedRate(this::check, 0, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Asks every sentinel for the master now, without waiting for the answers.
	 */
	void check() {
		if (this.closed) {
			return;
		}
		List<CompletableFuture<@Nullable Master>> answers = new ArrayList<>();
		for (SentinelNode node : this.nodes) {
			answers.add(node.ask());
		}
		CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
			Master newest = null;
			boolean unanimous = true;
			for (CompletableFuture<@Nullable Master> answer : answers) {
				Master master = answer.getNow(null);
				unanimous &= master != null && (newest == null || master.address().equals(newest.address()));
				if (master != null && (newest == null || master.epoch() > newest.epoch())) {
					newest = master;
				}
			}
			if (newest != null) {
				learn(newest, unanimous);
			}
		});
	}

	/**
	 * Takes the newest answer of a round as the master, unless its epoch is older than the known one's: then only
	 * if every sentinel answered the same (Sentinel was told to monitor the master anew, which restarts epochs).
	 */
	private void learn(Master newest, boolean unanimous) {
		Master previous;
		synchronized (this.monitor) {
			previous = this.known;
			if (previous != null && newest.epoch() < previous.epoch() && !unanimous) {
				return;
			}
			this.known = newest;
		}
		if (previous != null && !previous.address().equals(newest.address()) && !this.closed) {
			logger.warn("Sentinel reports a new master for '" + this.masterName + "': " + newest.address() + " (was "
					+ previous.address() + ", configuration epoch " + newest.epoch() + "); moving every connection of "
					+ "redis-messaging to it");
			this.switched.accept(newest);
		}
	}

	/**
	 * The master as last reported by the sentinels.
	 * @return the master, or {@code null} before any sentinel answered
	 */
	@Nullable Master master() {
		synchronized (this.monitor) {
			return this.known;
		}
	}

	/**
	 * Whether a connection talks to the master that Sentinel reports: its server's {@code run_id} must be the
	 * master's. Before Sentinel has named a run id (just after a switch it may not know it yet), any server passes.
	 * Blocks up to two seconds.
	 * @param info runs {@code INFO server} on the connection
	 * @return the run id that was expected and the one found, or {@code null} if the connection is confirmed
	 */
	@Nullable String refusal(Supplier<CompletableFuture<String>> info) {
		Master master = master();
		if (master == null || master.runId().isEmpty()) {
			return null;
		}
		String runId;
		try {
			runId = runId(info.get().get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted while confirming the server";
		}
		catch (Exception ex) {
			return "the server did not answer INFO within " + CONFIRM_TIMEOUT.toMillis() + " ms (" + ex + ")";
		}
		return master.runId().equals(runId) ? null
				: "its server (run_id " + runId + ") is not the master Sentinel reports for '" + this.masterName
						+ "' (" + master.address() + ", run_id " + master.runId() + ")";
	}

	static String runId(String info) {
		for (String line : info.split("\r?\n")) {
			if (line.startsWith("run_id:")) {
				return line.substring("run_id:".length()).trim();
			}
		}
		return "";
	}

	@Override
	public void close() {
		this.closed = true;
		if (this.schedule != null) {
			this.schedule.cancel(false);
		}
		this.nodes.forEach(SentinelNode::close);
	}

	/**
	 * A master as one sentinel reports it.
	 * @param address host and port
	 * @param runId the master's run id, empty while the sentinel does not know it
	 * @param epoch the sentinel's configuration epoch for the master
	 */
	record Master(String address, String runId, long epoch) {

		/**
		 * Reads a sentinel's answers. The address is the one Sentinel hands to clients ({@code GET-MASTER-ADDR-BY-NAME}):
		 * during a failover it is already the promoted replica's, while {@code SENTINEL MASTER} still shows the old
		 * master with the new epoch; its run id is therefore used only where both name the same node.
		 */
		static @Nullable Master of(@Nullable SocketAddress address, @Nullable Map<String, String> fields) {
			if (!(address instanceof InetSocketAddress inet) || fields == null) {
				return null;
			}
			String where = inet.getHostString() + ":" + inet.getPort();
			String runId = where.equals(fields.get("ip") + ":" + fields.get("port")) ? fields.getOrDefault("runid", "")
					: "";
			long epoch;
			try {
				epoch = Long.parseLong(fields.getOrDefault("config-epoch", "0"));
			}
			catch (NumberFormatException ex) {
				epoch = 0;
			}
			return new Master(where, runId, epoch);
		}

	}

	/** The watch's two connections to one sentinel: queries, and the {@code +switch-master} subscription. */
	private final class SentinelNode {

		private final RedisURI uri;

		private final AtomicBoolean opening = new AtomicBoolean();

		private final AtomicBoolean asking = new AtomicBoolean();

		private volatile @Nullable StatefulRedisSentinelConnection<String, String> queries;

		private volatile @Nullable StatefulRedisPubSubConnection<String, String> events;

		SentinelNode(RedisURI uri) {
			this.uri = uri;
		}

		/** Asks the sentinel for the master; completes with {@code null} on any failure, within a second. */
		CompletableFuture<@Nullable Master> ask() {
			StatefulRedisSentinelConnection<String, String> connection = this.queries;
			if (connection == null) {
				open();
				return CompletableFuture.completedFuture(null);
			}
			if (!this.asking.compareAndSet(false, true)) {
				return CompletableFuture.completedFuture(null);
			}
			CompletableFuture<SocketAddress> address = connection.async()
				.getMasterAddrByName(SentinelMasterWatch.this.masterName)
				.toCompletableFuture();
			CompletableFuture<Map<String, String>> fields = connection.async()
				.master(SentinelMasterWatch.this.masterName)
				.toCompletableFuture();
			return address.thenCombine(fields, Master::of)
				.orTimeout(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.handle((master, failure) -> {
					this.asking.set(false);
					return (failure != null) ? null : master;
				});
		}

		private void open() {
			if (SentinelMasterWatch.this.closed || !this.opening.compareAndSet(false, true)) {
				return;
			}
			CompletableFuture<StatefulRedisSentinelConnection<String, String>> queries = SentinelMasterWatch.this.client
				.connectSentinelAsync(StringCodec.UTF8, this.uri);
			CompletableFuture<StatefulRedisPubSubConnection<String, String>> events = SentinelMasterWatch.this.client
				.connectPubSubAsync(StringCodec.UTF8, this.uri)
				.toCompletableFuture();
			queries.thenCombine(events, (query, subscription) -> {
				subscription.addListener(new SwitchListener());
				subscription.async().subscribe(SWITCH_CHANNEL);
				this.queries = query;
				this.events = subscription;
				if (SentinelMasterWatch.this.closed) {
					close();
				}
				return null;
			}).whenComplete((ignored, failure) -> {
				this.opening.set(false);
				if (failure != null) {
					queries.thenAccept(StatefulRedisSentinelConnection::closeAsync);
					events.thenAccept(StatefulRedisPubSubConnection::closeAsync);
					logger.debug("Sentinel " + this.uri.getHost() + ":" + this.uri.getPort()
							+ " could not be reached; trying again in a second: " + failure);
				}
			});
		}

		void close() {
			StatefulRedisSentinelConnection<String, String> query = this.queries;
			StatefulRedisPubSubConnection<String, String> subscription = this.events;
			if (query != null) {
				query.closeAsync();
			}
			if (subscription != null) {
				subscription.closeAsync();
			}
		}

	}

	/** Checks at once when a sentinel announces a switch of this master. */
	private final class SwitchListener extends RedisPubSubAdapter<String, String> {

		@Override
		public void message(String channel, String message) {
			if (SWITCH_CHANNEL.equals(channel) && message.startsWith(SentinelMasterWatch.this.masterName + " ")) {
				check();
			}
		}

	}

}

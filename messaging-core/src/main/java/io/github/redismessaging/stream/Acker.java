package io.github.redismessaging.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.ScriptOutputType;

import io.github.redismessaging.connection.RedisConnections;
import io.github.redismessaging.connection.RedisScript;
import io.github.redismessaging.listener.support.BatchedCompletions;
import io.github.redismessaging.listener.support.PollingListenerContainer;
import io.github.redismessaging.listener.support.ThrottledLog;

/**
 * Batches acknowledgments: one XACK carries many ids, sent without waiting on the shared pipelined connection,
 * when a batch is full or on the periodic flush. Ids whose XACK fails are queued again, so a Redis outage delays
 * acknowledgments but does not drop them (until the process dies: then the entries are redelivered, which
 * at-least-once allows).
 * <p>
 * On a partition of a partitioned stream the acknowledgment is fenced: one script checks, in the partition's slot,
 * that this consumer still holds the partition's lease, and acknowledges only then. Refused ids stay pending for the
 * partition's new owner, which claims them; they are not queued again.
 */
final class Acker implements PollingListenerContainer.Completions {

	private static final Log logger = LogFactory.getLog(Acker.class);

	/**
	 * KEYS: stream, lease. ARGV: group, owner, ids... Acknowledges the ids if the consumer holds the lease and
	 * returns how many were acknowledged; returns -1, acknowledging nothing, otherwise.
	 */
	private static final RedisScript FENCED_ACK = new RedisScript("""
			local owner = redis.pcall('GET', KEYS[2])
			if type(owner) == 'table' or owner ~= ARGV[2] then return -1 end
			local acked = 0
			for i = 3, #ARGV, 500 do
			  acked = acked + redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, i, math.min(i + 499, #ARGV)))
			end
			return acked
			""");

	private final ThrottledLog refusals = new ThrottledLog(logger, Duration.ofSeconds(10));

	private final BatchedCompletions<String> completions;

	Acker(RedisConnections connections, StreamSettings settings) {
		byte[] key = bytes(settings.key());
		byte[] group = bytes(settings.group());
		this.completions = new BatchedCompletions<>("XACK on " + settings.key(), settings.batchSize(),
				(ids) -> connections.commands().xack(key, group, ids.toArray(String[]::new)), (ids) -> {
				});
	}

	/**
	 * Creates the acknowledgments of one partition, fenced by its lease.
	 * @param connections where to acknowledge
	 * @param settings the partition's settings
	 * @param lease the partition's lease
	 */
	Acker(RedisConnections connections, StreamSettings settings, PartitionLease lease) {
		byte[][] keys = { bytes(settings.key()), bytes(lease.leaseKey()) };
		byte[] group = bytes(settings.group());
		byte[] owner = bytes(lease.owner());
		this.completions = new BatchedCompletions<>("XACK on " + settings.key(), settings.batchSize(),
				(ids) -> fencedAck(connections, keys, group, owner, ids).thenAccept((acked) -> {
					if (acked >= 0) {
						return;
					}
					if (lease.held()) {
						// the lease key is missing (lost in a failover, evicted) while the lease holds here: the
						// next renewal writes it again, and these are acknowledged then
						throw new IllegalStateException("the lease key " + lease.leaseKey() + " is missing");
					}
					this.refusals.warn("refused", ids.size() + " acknowledgments on " + settings.key()
							+ " refused: this instance no longer owns the partition; the entries stay pending "
							+ "for its new owner");
				}), (ids) -> {
				});
	}

	private static CompletionStage<Long> fencedAck(RedisConnections connections, byte[][] keys, byte[] group,
			byte[] owner, List<String> ids) {
		byte[][] args = new byte[ids.size() + 2][];
		args[0] = group;
		args[1] = owner;
		for (int i = 0; i < ids.size(); i++) {
			args[i + 2] = bytes(ids.get(i));
		}
		return FENCED_ACK.run(connections.commands(), ScriptOutputType.INTEGER, keys, args);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	void ack(String id) {
		this.completions.add(id);
	}

	@Override
	public void flush() {
		this.completions.flush();
	}

	@Override
	public void flushAndWait(Duration timeout) {
		this.completions.flushAndWait(timeout);
	}

}

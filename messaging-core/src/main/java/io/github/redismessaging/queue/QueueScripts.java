package io.github.redismessaging.queue;

import io.github.redismessaging.connection.RedisScript;

/**
 * The atomic multi-key steps of a queue. Every key of a script is the queue or one of its companions, so they
 * share a cluster slot.
 */
final class QueueScripts {

	/** KEYS: queue, processing. ARGV: n. Moves up to n items, oldest first; returns them. */
	static final RedisScript MOVE_BATCH = new RedisScript("""
			local moved = {}
			for i = 1, tonumber(ARGV[1]) do
			  local item = redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')
			  if not item then break end
			  moved[i] = item
			end
			return moved
			""");

	/** KEYS: processing. ARGV: items as stored. Removes each item once from the processing list (LREM -1). */
	static final RedisScript REMOVE = new RedisScript("""
			for i = 1, #ARGV do redis.call('LREM', KEYS[1], -1, ARGV[i]) end
			return #ARGV
			""");

	/**
	 * KEYS: processing (or the delayed set itself when there is none), delayed. ARGV: item as stored, retried item,
	 * due time ms, whether to remove from processing. Schedules the retry and forgets the item in one step.
	 */
	static final RedisScript RETRY = new RedisScript("""
			if ARGV[4] == '1' then redis.call('LREM', KEYS[1], -1, ARGV[1]) end
			redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
			return 1
			""");

	/** KEYS: processing (or the dead-letter list), dead-letter list. ARGV: item as stored, dead letter, remove. */
	static final RedisScript DEAD_LETTER = new RedisScript("""
			if ARGV[3] == '1' then redis.call('LREM', KEYS[1], -1, ARGV[1]) end
			redis.call('LPUSH', KEYS[2], ARGV[2])
			return 1
			""");

	/** KEYS: delayed, queue. ARGV: now ms, limit. Moves due items to the queue; returns how many. */
	static final RedisScript PROMOTE_DUE = new RedisScript("""
			local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
			for _, item in ipairs(due) do
			  redis.call('ZREM', KEYS[1], item)
			  redis.call('LPUSH', KEYS[2], item)
			end
			return #due
			""");

	/**
	 * KEYS: heartbeat of the consumer, its processing list, queue, consumers set. ARGV: consumer. If the heartbeat
	 * has expired, returns the consumer's items to the front of the queue (oldest first) and forgets the consumer;
	 * returns how many items, or -1 if the consumer is alive.
	 */
	static final RedisScript RECOVER = new RedisScript("""
			if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
			local n = 0
			while redis.call('LMOVE', KEYS[2], KEYS[3], 'LEFT', 'RIGHT') do n = n + 1 end
			redis.call('SREM', KEYS[4], ARGV[1])
			return n
			""");

	/**
	 * KEYS: this consumer's processing list, queue. ARGV: the items this consumer holds in memory. Returns the
	 * other items of the processing list to the front of the queue: items a read moved there whose reply was lost
	 * with the connection, which would otherwise wait for this live consumer forever.
	 */
	static final RedisScript RECLAIM_ORPHANS = new RedisScript("""
			local held = {}
			for i = 1, #ARGV do held[ARGV[i]] = true end
			local n = 0
			for _, item in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
			  if not held[item] and redis.call('LREM', KEYS[1], 1, item) == 1 then
			    redis.call('RPUSH', KEYS[2], item)
			    n = n + 1
			  end
			end
			return n
			""");

	/** KEYS: processing list, queue. ARGV: items. Returns those still in the processing list to the front of the queue. */
	static final RedisScript RETURN_ITEMS = new RedisScript("""
			local n = 0
			for i = 1, #ARGV do
			  if redis.call('LREM', KEYS[1], 1, ARGV[i]) == 1 then
			    redis.call('RPUSH', KEYS[2], ARGV[i])
			    n = n + 1
			  end
			end
			return n
			""");

	private QueueScripts() {
	}

}

package io.github.redismessaging.queue;

import io.github.redismessaging.connection.RedisScript;

/**
 * The atomic steps of a queue under leases (DESIGN §4a). Every key of a script is the queue or one of its
 * companions, so they share a cluster slot. Every script that moves an item writes it to its destination before it
 * removes it from its source: a failed write (WRONGTYPE, out of memory) leaves the item where it was. Deadlines
 * come from Redis {@code TIME}, so the clocks of the consumers do not matter.
 */
final class QueueScripts {

	/** Lua: the current time of the Redis node in epoch milliseconds. */
	private static final String NOW = """
			local function now()
			  local t = redis.call('TIME')
			  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			end
			""";

	/**
	 * KEYS: queue, leased, leases, sequence, expiries. ARGV: most items, lease milliseconds. Takes up to n items
	 * from the consumption end (oldest first) under fresh leases: writes them to the leased hash and the leases set,
	 * then trims them from the queue. Returns {lease id, item, expiries} per item, oldest first. A companion of the
	 * wrong type, or a sequence that was set back onto held leases, fails the script before anything is written or
	 * removed.
	 */
	static final RedisScript TAKE = new RedisScript(NOW + """
			local kinds = { 'list', 'hash', 'zset', 'string', 'hash' }
			for i = 1, 5 do
			  local kind = redis.call('TYPE', KEYS[i])['ok']
			  if kind ~= 'none' and kind ~= kinds[i] then
			    return redis.error_reply('WRONGTYPE ' .. KEYS[i] .. ' is a ' .. kind .. ', not a ' .. kinds[i])
			  end
			end
			local items = redis.call('LRANGE', KEYS[1], -tonumber(ARGV[1]), -1)
			local k = #items
			if k == 0 then return {} end
			local last = redis.call('INCRBY', KEYS[4], k)
			if math.abs(last) > 9007199254740991 then
			  return redis.error_reply('ERR ' .. KEYS[4] .. ' is beyond 2^53; delete it while no lease is held')
			end
			for j = 1, k do
			  if redis.call('HEXISTS', KEYS[2], string.format('%d', last - k + j)) == 1 then
			    return redis.error_reply('ERR lease ' .. string.format('%d', last - k + j) .. ' exists: ' .. KEYS[4]
			      .. ' went back; set it above the highest id in ' .. KEYS[2])
			  end
			end
			local deadline = string.format('%d', now() + tonumber(ARGV[2]))
			local counted = redis.call('EXISTS', KEYS[5]) == 1
			local fields, scores, taken = {}, {}, {}
			for j = 1, k do
			  local item = items[k - j + 1]
			  local id = string.format('%d', last - k + j)
			  fields[2 * j - 1] = id
			  fields[2 * j] = item
			  scores[2 * j - 1] = deadline
			  scores[2 * j] = id
			  taken[3 * j - 2] = id
			  taken[3 * j - 1] = item
			  taken[3 * j] = counted and redis.call('HGET', KEYS[5], redis.sha1hex(item)) or '0'
			end
			redis.call('HSET', KEYS[2], unpack(fields))
			redis.call('ZADD', KEYS[3], unpack(scores))
			redis.call('LTRIM', KEYS[1], 0, -k - 1)
			return taken
			""");

	/**
	 * KEYS: leases. ARGV: lease milliseconds, lease ids. Moves the deadline of the leases that still exist;
	 * {@code XX} never revives a lease that was taken back. Returns how many moved.
	 */
	static final RedisScript EXTEND = new RedisScript(NOW + """
			local deadline = string.format('%d', now() + tonumber(ARGV[1]))
			local args = {}
			for i = 2, #ARGV do
			  args[#args + 1] = deadline
			  args[#args + 1] = ARGV[i]
			end
			if #args == 0 then return 0 end
			return redis.call('ZADD', KEYS[1], 'XX', 'CH', unpack(args))
			""");

	/**
	 * KEYS: leased, leases, expiries. ARGV: lease ids. Finishes handled items: forgets their leases and their
	 * expiry counts. A lease that was already taken back is not found and nothing happens. Returns how many ended.
	 */
	static final RedisScript FINISH = new RedisScript("""
			if redis.call('EXISTS', KEYS[3]) == 1 then
			  for i = 1, #ARGV do
			    local item = redis.call('HGET', KEYS[1], ARGV[i])
			    if item then redis.call('HDEL', KEYS[3], redis.sha1hex(item)) end
			  end
			end
			redis.call('HDEL', KEYS[1], unpack(ARGV))
			return redis.call('ZREM', KEYS[2], unpack(ARGV))
			""");

	/** Lua shared by the scripts that move one leased item somewhere else: look it up, and forget it afterwards. */
	private static final String ONE_LEASE = """
			local item = nil
			if ARGV[1] ~= '' then
			  item = redis.call('HGET', KEYS[1], ARGV[1])
			  if not item then return 0 end
			end
			local function forget()
			  if item then
			    redis.call('HDEL', KEYS[1], ARGV[1])
			    redis.call('ZREM', KEYS[2], ARGV[1])
			    if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('HDEL', KEYS[4], redis.sha1hex(item)) end
			  end
			end
			""";

	/**
	 * KEYS: leased, leases, delayed, expiries. ARGV: lease id (empty when the item was not leased), item to retry,
	 * due time ms. Adds the retry to the delayed set, then ends the lease. Returns 0, writing nothing, when the
	 * lease no longer exists (it expired and was taken back, so the item is already back in the queue).
	 */
	static final RedisScript RETRY = new RedisScript(ONE_LEASE + """
			redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
			forget()
			return 1
			""");

	/**
	 * KEYS: leased, leases, dead-letter list, expiries. ARGV: lease id (empty when the item was not leased), dead
	 * letter. Pushes the dead letter, then ends the lease. Returns 0, writing nothing, when the lease no longer
	 * exists.
	 */
	static final RedisScript DEAD_LETTER = new RedisScript(ONE_LEASE + """
			redis.call('LPUSH', KEYS[3], ARGV[2])
			forget()
			return 1
			""");

	/**
	 * KEYS: queue, leased, leases. ARGV: lease ids, oldest first. Returns leased items to the consumption end in
	 * their order, without counting an expiry: a stopping consumer gives back what it never started. Returns how
	 * many.
	 */
	static final RedisScript RELEASE = new RedisScript("""
			local n = 0
			for i = #ARGV, 1, -1 do
			  local item = redis.call('HGET', KEYS[2], ARGV[i])
			  if item then
			    redis.call('RPUSH', KEYS[1], item)
			    redis.call('HDEL', KEYS[2], ARGV[i])
			    redis.call('ZREM', KEYS[3], ARGV[i])
			    n = n + 1
			  end
			end
			return n
			""");

	/**
	 * KEYS: queue, leased, leases, expiries. ARGV: most leases, expiries that dead-letter (0: never), hold
	 * milliseconds. Takes back expired leases: raises each item's expiry count and returns it to the consumption
	 * end, oldest first. An item whose count reached the limit is not returned: its lease is renewed for the hold
	 * time and it is handed to the caller to dead-letter ({@code lease-expired}); should the caller die, the lease
	 * expires again and the next run hands it over again. Returns {returned count, then lease id, item, expiries
	 * per item to dead-letter}.
	 */
	static final RedisScript TAKE_BACK = new RedisScript(NOW + """
			local at = now()
			local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', string.format('%d', at), 'LIMIT', 0,
			  tonumber(ARGV[1]))
			local limit = tonumber(ARGV[2])
			local returned, dead = 0, {}
			for i = #expired, 1, -1 do
			  local id = expired[i]
			  local item = redis.call('HGET', KEYS[2], id)
			  if not item then
			    redis.call('ZREM', KEYS[3], id)
			  else
			    local sha = redis.sha1hex(item)
			    local count = (tonumber(redis.call('HGET', KEYS[4], sha) or '0') or 0) + 1
			    redis.call('HSET', KEYS[4], sha, string.format('%d', count))
			    if limit > 0 and count >= limit then
			      redis.call('ZADD', KEYS[3], string.format('%d', at + tonumber(ARGV[3])), id)
			      dead[#dead + 1] = id
			      dead[#dead + 1] = item
			      dead[#dead + 1] = tostring(count)
			    else
			      redis.call('RPUSH', KEYS[1], item)
			      redis.call('HDEL', KEYS[2], id)
			      redis.call('ZREM', KEYS[3], id)
			      returned = returned + 1
			    end
			  end
			end
			table.insert(dead, 1, tostring(returned))
			return dead
			""");

	/** KEYS: delayed, queue. ARGV: now ms, most items. Pushes due items to the queue, then removes them. */
	static final RedisScript PROMOTE_DUE = new RedisScript("""
			local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
			if #due == 0 then return 0 end
			redis.call('LPUSH', KEYS[2], unpack(due))
			redis.call('ZREM', KEYS[1], unpack(due))
			return #due
			""");

	private QueueScripts() {
	}

}

package io.github.redismessaging.queue;

import io.github.redismessaging.connection.RedisScript;

/**
 * The atomic steps of a queue under leases (DESIGN §4a). A take moves up to a batch into a list of its own,
 * {@code {q}:take:<take id>}, under one lease in {@code {q}:leases}. Every key of a script is the queue or one of
 * its companions, so they share a cluster slot. Every script that moves an item writes it to its destination
 * before it removes it from its source: a failed write (WRONGTYPE, out of memory) leaves the item where it was.
 * Deadlines come from Redis {@code TIME}, so the clocks of the consumers do not matter.
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
	 * KEYS: queue, leases, take list, expiries. ARGV: most items, lease milliseconds, take id. Writes the lease
	 * first, then pops up to n items from the consumption end and pushes them, oldest first, to the new take list.
	 * Returns {items, expiry counts} (the counts empty when no item has any). A lease set or expiry hash of the
	 * wrong type, or a take list that already exists, fails the script before anything is popped; a queue of the
	 * wrong type fails it with the lease removed again.
	 */
	static final RedisScript TAKE = new RedisScript(NOW + """
			if redis.call('EXISTS', KEYS[3]) == 1 then
			  return redis.error_reply('ERR ' .. KEYS[3] .. ' exists; a take list is never reused')
			end
			local counting = redis.call('TYPE', KEYS[4])['ok']
			if counting ~= 'none' and counting ~= 'hash' then
			  return redis.error_reply('WRONGTYPE ' .. KEYS[4] .. ' is a ' .. counting .. ', not a hash')
			end
			redis.call('ZADD', KEYS[2], string.format('%d', now() + tonumber(ARGV[2])), ARGV[3])
			local items = redis.pcall('RPOP', KEYS[1], tonumber(ARGV[1]))
			if type(items) ~= 'table' or items['err'] then
			  redis.call('ZREM', KEYS[2], ARGV[3])
			  if type(items) == 'table' then return items end
			  return { {}, {} }
			end
			redis.call('RPUSH', KEYS[3], unpack(items))
			local counts = {}
			if counting == 'hash' then
			  for i = 1, #items do
			    counts[i] = redis.call('HGET', KEYS[4], redis.sha1hex(items[i])) or '0'
			  end
			end
			return { items, counts }
			""");

	/**
	 * KEYS: leases. ARGV: lease milliseconds, take ids. Moves the deadline of the leases that still exist;
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
	 * Lua shared by the scripts that move one item out of a take: when it was leased (ARGV[1] is 1), it must still be
	 * in the take list (KEYS[1]), or nothing is written; afterwards it is removed from there, with its expiry count
	 * (KEYS[3]).
	 */
	private static final String ONE_ITEM = """
			local leased = ARGV[1] == '1'
			if leased and not redis.call('LPOS', KEYS[1], ARGV[2]) then return 0 end
			local function forget()
			  if leased then
			    redis.call('LREM', KEYS[1], 1, ARGV[2])
			    if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('HDEL', KEYS[3], redis.sha1hex(ARGV[2])) end
			  end
			end
			""";

	/**
	 * KEYS: take list (any companion when not leased), delayed, expiries. ARGV: 1 if leased, item as stored, item
	 * to retry, due time ms. Adds the retry to the delayed set, then takes the item out of its take. Returns 0,
	 * writing nothing, when the item is no longer in its take (its lease expired and it went back to the queue).
	 */
	static final RedisScript RETRY = new RedisScript(ONE_ITEM + """
			redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
			forget()
			return 1
			""");

	/**
	 * KEYS: take list (any companion when not leased), dead-letter list, expiries. ARGV: 1 if leased, item as
	 * stored, dead letter. Pushes the dead letter, then takes the item out of its take. Returns 0, writing nothing,
	 * when the item is no longer in its take.
	 */
	static final RedisScript DEAD_LETTER = new RedisScript(ONE_ITEM + """
			redis.call('LPUSH', KEYS[2], ARGV[3])
			forget()
			return 1
			""");

	/**
	 * KEYS: queue, leases, take list, expiries. ARGV: take id, count u of items to give back, those u items
	 * (oldest first), then items to forget. For a stopping consumer or a take that cannot be finished whole:
	 * returns the u items that no worker started to the consumption end in their order, forgets the items that were
	 * handled, and ends the lease once the take is empty. What is left (items a worker was still on, or whose
	 * outcome could not be written) stays leased and returns when the lease expires. Returns the items left.
	 */
	static final RedisScript SETTLE = new RedisScript("""
			local u = tonumber(ARGV[2])
			for i = u + 2, 3, -1 do
			  if redis.call('LPOS', KEYS[3], ARGV[i]) then
			    redis.call('RPUSH', KEYS[1], ARGV[i])
			    redis.call('LREM', KEYS[3], 1, ARGV[i])
			  end
			end
			local counted = redis.call('EXISTS', KEYS[4]) == 1
			for i = u + 3, #ARGV do
			  if redis.call('LREM', KEYS[3], 1, ARGV[i]) == 1 and counted then
			    redis.call('HDEL', KEYS[4], redis.sha1hex(ARGV[i]))
			  end
			end
			local left = redis.call('LLEN', KEYS[3])
			if left == 0 then redis.call('ZREM', KEYS[2], ARGV[1]) end
			return left
			""");

	/**
	 * KEYS: queue, leases, expiries. ARGV: most leases, expiries that dead-letter (0: never), hold milliseconds, take
	 * list prefix. Takes back expired leases: returns each item of the take to the consumption end, oldest first,
	 * then raises its expiry count and removes it from the take; a queue that cannot take it back changes nothing. An item whose count reached the limit stays
	 * in the take, whose lease is renewed for the hold time, and is handed to the caller to dead-letter
	 * ({@code lease-expired}); should the caller die, the lease expires again and the next run hands it over again.
	 * A take left empty loses its lease. Returns {returned count, then take id, item, expiries per item to
	 * dead-letter}.
	 */
	static final RedisScript TAKE_BACK = new RedisScript(NOW + """
			local at = now()
			local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', string.format('%d', at), 'LIMIT', 0,
			  tonumber(ARGV[1]))
			local limit = tonumber(ARGV[2])
			local returned, dead = 0, {}
			for _, id in ipairs(expired) do
			  local take = ARGV[4] .. id
			  local items = redis.call('LRANGE', take, 0, -1)
			  local kept = 0
			  for i = #items, 1, -1 do
			    local item = items[i]
			    local sha = redis.sha1hex(item)
			    local count = (tonumber(redis.call('HGET', KEYS[3], sha) or '0') or 0) + 1
			    if limit > 0 and count >= limit then
			      redis.call('HSET', KEYS[3], sha, string.format('%d', count))
			      kept = kept + 1
			      dead[#dead + 1] = id
			      dead[#dead + 1] = item
			      dead[#dead + 1] = string.format('%d', count)
			    else
			      redis.call('RPUSH', KEYS[1], item)
			      redis.call('HSET', KEYS[3], sha, string.format('%d', count))
			      redis.call('LREM', take, 1, item)
			      returned = returned + 1
			    end
			  end
			  if kept == 0 then
			    redis.call('ZREM', KEYS[2], id)
			  else
			    redis.call('ZADD', KEYS[2], string.format('%d', at + tonumber(ARGV[3])), id)
			  end
			end
			table.insert(dead, 1, string.format('%d', returned))
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

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
	 * Lua shared by the take and pop scripts: a global rate limit of {@code limit} items per {@code window}
	 * milliseconds (none when {@code limit} is 0), as a sliding window in {@code {q}:rate}, a sorted set with one
	 * entry per item taken, scored with the microsecond of Redis {@code TIME} it was taken at. {@code allowance}
	 * drops the entries that left the window, then answers how many of {@code most} items may be taken now and, when
	 * none may, in how many milliseconds (at least 1) the oldest entry that holds the window full leaves it.
	 * {@code spend} records the items taken, and lets the set expire one window after the last take. A rate set of
	 * the wrong type fails {@code allowance}, before anything is taken.
	 */
	private static final String RATE = """
			local function micros()
			  local t = redis.call('TIME')
			  return tonumber(t[1]) * 1000000 + tonumber(t[2])
			end
			local function allowance(key, most, limit, window, at)
			  if limit <= 0 then return most, 0 end
			  redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', at - window * 1000))
			  local used = redis.call('ZCARD', key)
			  if used < limit then return math.min(most, limit - used), 0 end
			  local oldest = redis.call('ZRANGE', key, used - limit, used - limit, 'WITHSCORES')
			  return 0, math.max(1, math.ceil((tonumber(oldest[2]) + window * 1000 - at) / 1000))
			end
			local function spend(key, taken, limit, window, at)
			  if limit <= 0 or taken == 0 then return end
			  local used = redis.call('ZCARD', key)
			  local entries = {}
			  for i = 1, taken do
			    entries[2 * i - 1] = string.format('%d', at)
			    entries[2 * i] = string.format('%d:%d', at, used + i)
			  end
			  redis.call('ZADD', key, unpack(entries))
			  redis.call('PEXPIRE', key, window)
			end
			""";

	/**
	 * KEYS: queue, leases, take list, expiries, pause flag, rate set. ARGV: most items, lease milliseconds, take id,
	 * rate limit (items per window, 0 for none), rate window milliseconds. While the queue is paused everywhere (the
	 * flag exists) it takes nothing and returns {{}, {}, 1}. While the rate limit allows no item it takes nothing
	 * and returns {{}, {}, 0, milliseconds until one is allowed}. Otherwise it writes the lease first, then pops up
	 * to n items (no more than the rate limit allows) from the consumption end, pushes them, oldest first, to the
	 * new take list and counts them against the rate limit.
	 * Returns {items, expiry counts} (the counts empty when no item has any). A lease set, expiry hash or rate set of
	 * the wrong type, or a take list that already exists, fails the script before anything is popped; a queue of the
	 * wrong type fails it with the lease removed again.
	 */
	static final RedisScript TAKE = new RedisScript(NOW + RATE + """
			if redis.call('EXISTS', KEYS[5]) == 1 then
			  return { {}, {}, 1 }
			end
			if redis.call('EXISTS', KEYS[3]) == 1 then
			  return redis.error_reply('ERR ' .. KEYS[3] .. ' exists; a take list is never reused')
			end
			local counting = redis.call('TYPE', KEYS[4])['ok']
			if counting ~= 'none' and counting ~= 'hash' then
			  return redis.error_reply('WRONGTYPE ' .. KEYS[4] .. ' is a ' .. counting .. ', not a hash')
			end
			local limit, window, at = tonumber(ARGV[4]), tonumber(ARGV[5]), micros()
			local most, wait = allowance(KEYS[6], tonumber(ARGV[1]), limit, window, at)
			if most == 0 then
			  return { {}, {}, 0, wait }
			end
			redis.call('ZADD', KEYS[2], string.format('%d', now() + tonumber(ARGV[2])), ARGV[3])
			local items = redis.pcall('RPOP', KEYS[1], most)
			if type(items) ~= 'table' or items['err'] then
			  redis.call('ZREM', KEYS[2], ARGV[3])
			  if type(items) == 'table' then return items end
			  return { {}, {} }
			end
			redis.call('RPUSH', KEYS[3], unpack(items))
			spend(KEYS[6], #items, limit, window, at)
			local counts = {}
			if counting == 'hash' then
			  for i = 1, #items do
			    counts[i] = redis.call('HGET', KEYS[4], redis.sha1hex(items[i])) or '0'
			  end
			end
			return { items, counts }
			""");

	/**
	 * KEYS: queue, pause flag, rate set. ARGV: most items, rate limit (0 for none), rate window milliseconds. At most
	 * once: pops up to n items (no more than the rate limit allows) from the consumption end, unless the queue is
	 * paused everywhere, and counts them against the rate limit. Returns {1, {}} while paused, {0, {}, milliseconds
	 * until an item is allowed} while the rate limit allows none, else {0, items} (none when the queue is empty).
	 */
	static final RedisScript POP = new RedisScript(RATE + """
			if redis.call('EXISTS', KEYS[2]) == 1 then
			  return { 1, {} }
			end
			local limit, window, at = tonumber(ARGV[2]), tonumber(ARGV[3]), micros()
			local most, wait = allowance(KEYS[3], tonumber(ARGV[1]), limit, window, at)
			if most == 0 then return { 0, {}, wait } end
			local items = redis.call('RPOP', KEYS[1], most)
			if not items then return { 0, {} } end
			spend(KEYS[3], #items, limit, window, at)
			return { 0, items }
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
	 * Lua shared by the scripts that end unique jobs: frees a job's key ({@code {q}:unique:<key>}) only while it still
	 * holds the job's id, so that a job that outlived its key's TTL never frees the key of the job that took it next.
	 * A key of another type is left alone.
	 */
	private static final String FREE = """
			local function free(key, id)
			  if redis.pcall('GET', key) == id then redis.call('DEL', key) end
			end
			""";

	/**
	 * KEYS: take list (any companion when not leased), dead-letter list, expiries, and the job's unique key if it has
	 * one. ARGV: 1 if leased, item as stored, dead letter, and the item's id if it has a unique key. Pushes the dead
	 * letter, then takes the item out of its take and frees its unique key. Returns 0, writing nothing, when the item
	 * is no longer in its take.
	 */
	static final RedisScript DEAD_LETTER = new RedisScript(ONE_ITEM + FREE + """
			redis.call('LPUSH', KEYS[2], ARGV[3])
			forget()
			if KEYS[4] then free(KEYS[4], ARGV[4]) end
			return 1
			""");

	/**
	 * KEYS: take list, leases, then the unique keys of the jobs handled in the take. ARGV: take id, then per unique
	 * key the job's item as stored and its id. Ends a take whose handled items include unique jobs, in one step: frees
	 * the key of each job still in the take (one that is not was returned to the queue by a take-back, and still
	 * holds its key there), then deletes the take list and its lease.
	 */
	static final RedisScript FINISH = new RedisScript(FREE + """
			for i = 3, #KEYS do
			  if type(redis.pcall('LPOS', KEYS[1], ARGV[2 * i - 4])) == 'number' then free(KEYS[i], ARGV[2 * i - 3]) end
			end
			redis.call('DEL', KEYS[1])
			redis.call('ZREM', KEYS[2], ARGV[1])
			return 1
			""");

	/**
	 * KEYS: a unique job's key. ARGV: the job's id. Frees the key of a job handled without a lease (at most once):
	 * the job left the queue when it was popped.
	 */
	static final RedisScript FREE_KEY = new RedisScript(FREE + """
			free(KEYS[1], ARGV[1])
			return 1
			""");

	/**
	 * KEYS: queue, leases, take list, expiries, then the unique keys of the jobs to forget. ARGV: take id, count u of
	 * items to give back, those u items (oldest first), per unique key the position of its job among the items to
	 * forget (from 1) and the job's id, then the items to forget. For a stopping consumer or a take that cannot be
	 * finished whole: returns the u items that no worker started to the consumption end in their order, forgets the
	 * items that were handled, frees the unique keys of those it found in the take, and ends the lease once the take
	 * is empty. What is left (items a worker was still on, or whose outcome could not be written) stays leased and
	 * returns when the lease expires. Returns the items left.
	 */
	static final RedisScript SETTLE = new RedisScript(FREE + """
			local u = tonumber(ARGV[2])
			for i = u + 2, 3, -1 do
			  if redis.call('LPOS', KEYS[3], ARGV[i]) then
			    redis.call('RPUSH', KEYS[1], ARGV[i])
			    redis.call('LREM', KEYS[3], 1, ARGV[i])
			  end
			end
			local unique = #KEYS - 4
			local first = u + 3 + 2 * unique
			local counted = redis.call('EXISTS', KEYS[4]) == 1
			local forgotten = {}
			for i = first, #ARGV do
			  if redis.call('LREM', KEYS[3], 1, ARGV[i]) == 1 then
			    forgotten[i - first + 1] = true
			    if counted then redis.call('HDEL', KEYS[4], redis.sha1hex(ARGV[i])) end
			  end
			end
			for j = 1, unique do
			  if forgotten[tonumber(ARGV[u + 1 + 2 * j])] then free(KEYS[4 + j], ARGV[u + 2 + 2 * j]) end
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

/**
 * The Redis store's Lua scripts: each runs atomically in Redis, so that checking a lease and
 * writing under it, or claiming what is due, is one step no other instance can come between.
 * Registered with ioredis's `defineCommand` (sent once, then called by their SHA).
 */
export const SCRIPTS = {
  /** KEYS: lease. ARGV: owner, ms. Takes a free (or expired) lease, or extends the owner's own. */
  gAcquire: {
    numberOfKeys: 1,
    lua: `local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`,
  },
  /** KEYS: lease. ARGV: owner, ms. Compare-and-extend. */
  gRenew: {
    numberOfKeys: 1,
    lua: `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`,
  },
  /** KEYS: lease. ARGV: owner. Compare-and-delete. */
  gRelease: {
    numberOfKeys: 1,
    lua: `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`,
  },
  /** KEYS: record, states, kept. ARGV: ttl, secret hash, spec, deadlines (JSON), closed-at or ''. */
  gPutRecord: {
    numberOfKeys: 3,
    lua: `redis.call('HSET', KEYS[1], 'secret', ARGV[2], 'spec', ARGV[3], 'deadlines', ARGV[4])
if ARGV[5] == '' then redis.call('HDEL', KEYS[1], 'closed') else redis.call('HSET', KEYS[1], 'closed', ARGV[5]) end
redis.call('HSETNX', KEYS[1], 'last', '0')
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
return 1`,
  },
  /** KEYS: kept. ARGV: event. Drops the results of events up to it. */
  gForget: {
    numberOfKeys: 1,
    lua: `local upTo = tonumber(ARGV[1])
for _, event in ipairs(redis.call('HKEYS', KEYS[1])) do
  if tonumber(event) <= upTo then redis.call('HDEL', KEYS[1], event) end
end
return 1`,
  },
  /**
   * KEYS: lease, record, states, kept. ARGV: owner, event, n, n name/value pairs, m, m removed
   * names, result. Answers 0 stale, 1 committed, 2 duplicate, 3 gone. States and kept results
   * take the record's remaining ttl.
   */
  gCommit: {
    numberOfKeys: 4,
    lua: `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 then return 3 end
if tonumber(ARGV[2]) <= tonumber(redis.call('HGET', KEYS[2], 'last') or '0') then return 2 end
local i = 4
for _ = 1, tonumber(ARGV[3]) do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  i = i + 2
end
local removed = tonumber(ARGV[i])
for j = 1, removed do redis.call('HDEL', KEYS[3], ARGV[i + j]) end
i = i + removed + 1
redis.call('HSET', KEYS[2], 'last', ARGV[2])
redis.call('HSET', KEYS[4], ARGV[2], ARGV[i])
local ttl = redis.call('PTTL', KEYS[2])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[3], ttl)
  redis.call('PEXPIRE', KEYS[4], ttl)
end
return 1`,
  },
  /** KEYS: schedule. ARGV: now, limit, until. Claims what is due by moving it to \`until\`; answers members and old scores. */
  gClaimDue: {
    numberOfKeys: 1,
    lua: `local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
for i = 1, #due, 2 do redis.call('ZADD', KEYS[1], ARGV[3], due[i]) end
return due`,
  },
  /** KEYS: schedule. ARGV: member, until. Removes a claim unless scheduled again since. */
  gSettle: {
    numberOfKeys: 1,
    lua: `local at = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not at or tonumber(at) ~= tonumber(ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
return 1`,
  },
  /** KEYS: lease, global. ARGV: owner, value, channel, name. Answers the new revision, or -1 when not the lease's owner. */
  gWriteGlobal: {
    numberOfKeys: 2,
    lua: `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local revision = redis.call('HINCRBY', KEYS[2], 'revision', 1)
redis.call('HSET', KEYS[2], 'value', ARGV[2])
redis.call('PUBLISH', ARGV[3], revision .. ':' .. ARGV[4])
return revision`,
  },
  /** KEYS: secret. ARGV: offered. Stores the offered secret unless one is stored; answers the stored one. */
  gSecret: {
    numberOfKeys: 1,
    lua: `if redis.call('SET', KEYS[1], ARGV[1], 'NX') then return ARGV[1] end
return redis.call('GET', KEYS[1])`,
  },
} as const

/** How the scripts are called once defined on a connection: keys, then arguments. */
export type ScriptCalls = {
  [name in keyof typeof SCRIPTS]: (...args: Array<string | number | Buffer>) => Promise<unknown>
}

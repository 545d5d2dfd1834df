import { decodeValue, encodeValue } from './serialize.js'

/**
 * The Redis store's Lua scripts: each runs atomically in Redis, so that checking a lease and
 * writing under it, or claiming what is due, is one step no other instance can come between.
 * Registered with ioredis's `defineCommand` (sent once, then called by their SHA).
 */
/** Lua: `states`, the session's (KEYS[1]) state fields (`s:` and a name), each followed by its value. */
const STATES_OF_SESSION = `local all = redis.call('HGETALL', KEYS[1])
local states = {}
for i = 1, #all, 2 do
  if string.sub(all[i], 1, 2) == 's:' then
    states[#states + 1] = all[i]
    states[#states + 1] = all[i + 1]
  end
end`

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
  /** KEYS: session. ARGV: ttl, secret hash, spec, deadlines (JSON), closed-at or ''. */
  gPutRecord: {
    numberOfKeys: 1,
    lua: `redis.call('HSET', KEYS[1], 'secret', ARGV[2], 'spec', ARGV[3], 'deadlines', ARGV[4])
if ARGV[5] == '' then redis.call('HDEL', KEYS[1], 'closed') else redis.call('HSET', KEYS[1], 'closed', ARGV[5]) end
redis.call('HSETNX', KEYS[1], 'last', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`,
  },
  /** KEYS: session. Answers its states' fields (`s:` and a name), each followed by its value. */
  gLoad: {
    numberOfKeys: 1,
    lua: `${STATES_OF_SESSION}
return states`,
  },
  /** KEYS: session, lease. Deletes both; answers the session's states as `gLoad` does. */
  gDelete: {
    numberOfKeys: 2,
    lua: `${STATES_OF_SESSION}
redis.call('DEL', KEYS[1], KEYS[2])
return states`,
  },
  /**
   * Several sessions' commits, each as if alone. KEYS: lease and session of each. ARGV: for each,
   * how many arguments follow for it, then owner, lease ms (0: not renewed), forget (drop kept
   * results up to it; 0: none), event, m, m removed fields, then the field/value pairs to write:
   * `last` and the event, the states', the result's (`k:` and the event). Fields come prefixed, and
   * are passed to HDEL and HSET as ranges of ARGV, so that the script builds no string or table per
   * field. Answers each one's outcome: 0 stale, 1 committed, 2 duplicate, 3 gone; a holder's lease
   * is renewed whatever else. One HSET writes a commit's states, last event id and result, which
   * keep the session's ttl as they share its hash.
   */
  gCommit: {
    lua: `local function commit(lease, hash, a, e)
  if redis.call('GET', lease) ~= ARGV[a + 1] then return 0 end
  if ARGV[a + 2] ~= '0' then redis.call('PEXPIRE', lease, ARGV[a + 2]) end
  local last = redis.call('HGET', hash, 'last')
  if not last then return 3 end
  if tonumber(ARGV[a + 4]) <= tonumber(last) then return 2 end
  local forget = tonumber(ARGV[a + 3])
  if forget > 0 then
    for _, field in ipairs(redis.call('HKEYS', hash)) do
      if string.sub(field, 1, 2) == 'k:' and tonumber(string.sub(field, 3)) <= forget then redis.call('HDEL', hash, field) end
    end
  end
  local removed = tonumber(ARGV[a + 5])
  if removed > 0 then redis.call('HDEL', hash, unpack(ARGV, a + 6, a + 5 + removed)) end
  redis.call('HSET', hash, unpack(ARGV, a + 6 + removed, e))
  return 1
end
local outcomes = {}
local a = 1
for c = 1, #KEYS / 2 do
  local e = a + tonumber(ARGV[a])
  outcomes[c] = commit(KEYS[2 * c - 1], KEYS[2 * c], a, e)
  a = e + 1
end
return outcomes`,
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
  /** KEYS: live sessions. ARGV: now, limit, id, until. Counts a session live until `until` unless `limit` others are; answers 1 if counted. */
  gAdmit: {
    numberOfKeys: 1,
    lua: `redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[3]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
return 1`,
  },
  /** KEYS: secret. ARGV: offered. Stores the offered secret unless one is stored; answers the stored one. */
  gSecret: {
    numberOfKeys: 1,
    lua: `if redis.call('SET', KEYS[1], ARGV[1], 'NX') then return ARGV[1] end
return redis.call('GET', KEYS[1])`,
  },
} as const

/** How the scripts are called once defined on a connection: keys, then arguments (`…Buffer`: answering bytes, not strings). */
export type ScriptCalls = {
  [name in keyof typeof SCRIPTS | `${keyof typeof SCRIPTS}Buffer`]: (...args: Array<string | number | Buffer>) => Promise<unknown>
}

/** Fields of a session's hash: its states' (then a name), its kept results' (then an event id). */
export const STATE = 's:'
export const KEPT = 'k:'

/** The states as hash fields, name (after `prefix`) then bytes, appended to `fields` (a list, as a name may be `__proto__`); an unstorable value throws, naming its state. */
export function encodeStates(changes: ReadonlyMap<string, unknown>, prefix = '', fields: Array<string | Buffer> = []): Array<string | Buffer> {
  for (const [name, value] of changes) fields.push(prefix + name, encodeValue(value, 'state', name))
  return fields
}

/** The states of `gLoad`'s answer (fields then values), or undefined when there are none. */
export function statesOf(fields: Buffer[]): Map<string, unknown> | undefined {
  if (!fields.length) return undefined
  const states = new Map<string, unknown>()
  for (let i = 0; i < fields.length; i += 2) states.set(fields[i]!.toString().slice(STATE.length), decodeValue(fields[i + 1]!))
  return states
}

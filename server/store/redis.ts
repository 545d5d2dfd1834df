import type { Redis } from 'ioredis'
import type { DueClaim, GlobalValue, SessionRecord, SharedStore } from './types.js'
import { encodeStates, KEPT, SCRIPTS, STATE, statesOf, type ScriptCalls } from './redis-scripts.js'
import { decodeValue, encodeValue } from './serialize.js'
import { dueKey } from './due.js'
import { CommitBatches } from './redis-commits.js'

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /** Put before every key and channel, so that several apps share one Redis. @default 'g-kit:' */
  prefix?: string
  /** Hears the connection's errors (it reconnects by itself meanwhile). @default logs them with console.error */
  onError?: (error: Error) => void
}

/**
 * A store in Redis (`redis://…` or `rediss://…`), shared by every instance of an app, on ioredis
 * (loaded on first use, so that an app on the memory store never loads it), on one Redis server.
 * Values are kept as `v8.serialize` bytes (or JSON text, see `encodeValue`). Keys of one session or
 * global share a hash tag (`{…}`); commits of several sessions go in one script (see `CommitBatches`).
 */
export function redisStore(url: string, options: RedisStoreOptions = {}): SharedStore {
  const prefix = options.prefix ?? 'g-kit:'
  const onError = options.onError ?? ((error: Error) => console.error('[g-kit] redis store:', error.message))
  const channel = `${prefix}globals`
  const scheduleKey = `${prefix}due`
  /** The live sessions, each scored by until when it counts (see `admit`). */
  const liveKey = `${prefix}live`
  const key = (tag: string, what: string) => `${prefix}{${tag}}:${what}`
  const leaseKey = (id: string) => key(id, 'l')
  /** A session's one hash: its record's fields, its states (`s:` and a name) and its kept results (`k:` and an event id). */
  const sessionKey = (id: string) => key(id, 'h')
  let connecting: Promise<Redis & ScriptCalls> | undefined
  let subscriber: Promise<Redis> | undefined
  const watchers = new Set<(notice: { name: string; revision: number }) => void>()
  const commits = new CommitBatches(client)

  /** The connection, made on first use; no auto-pipelining, which would wrap each turn's one gCommit in a pipeline of its own (see `CommitBatches`). */
  function client(): Promise<Redis & ScriptCalls> {
    return (connecting ??= (async () => {
      const { Redis } = await import('ioredis')
      const redis = new Redis(url)
      redis.on('error', onError)
      for (const [name, script] of Object.entries(SCRIPTS)) redis.defineCommand(name, script)
      return redis as Redis & ScriptCalls
    })())
  }

  /** A second connection, in subscriber mode, for notices of globals; made for the first watcher. */
  function subscribe(): Promise<Redis> {
    return (subscriber ??= (async () => {
      const listener = (await client()).duplicate()
      listener.on('error', onError)
      listener.on('message', (_channel: string, message: string) => {
        const colon = message.indexOf(':')
        const notice = { name: message.slice(colon + 1), revision: Number(message.slice(0, colon)) }
        for (const watcher of watchers) watcher(notice)
      })
      try {
        await listener.subscribe(channel)
      } catch (error) {
        listener.disconnect()
        subscriber = undefined // the next watcher tries again
        throw error
      }
      return listener
    })())
  }

  const store: SharedStore = {
    async load(session) {
      return statesOf((await (await client()).gLoadBuffer(sessionKey(session))) as Buffer[])
    },
    async save(session, changes, removed = []) {
      const hash = sessionKey(session)
      const batch = (await client()).multi()
      if (changes.size) batch.hset(hash, ...encodeStates(changes, STATE))
      if (removed.length) batch.hdel(hash, ...removed.map((name) => STATE + name))
      await batch.exec()
    },
    async delete(session) {
      const [states] = await client().then((redis) => Promise.all([redis.gDeleteBuffer(sessionKey(session), leaseKey(session)), redis.zrem(liveKey, session)]))
      return statesOf(states as Buffer[])
    },
    async close() {
      const connections = await Promise.all([connecting, subscriber])
      await Promise.all(connections.map((connection) => connection?.quit()))
    },

    async putRecord(record, ttl) {
      const { id, secretHash, spec, deadlines, closedAt } = record
      await (await client()).gPutRecord(sessionKey(id), Math.max(1, Math.ceil(ttl)), secretHash, spec, JSON.stringify(deadlines), closedAt ?? '')
    },
    async getRecord(session) {
      const fields = await (await client()).hgetallBuffer(sessionKey(session))
      const last = fields.last?.toString()
      if (last === undefined) return undefined
      const kept: Array<[number, unknown]> = []
      for (const field of Object.keys(fields)) if (field.startsWith(KEPT)) kept.push([Number(field.slice(KEPT.length)), decodeValue(fields[field]!)])
      const record: SessionRecord = {
        id: session,
        secretHash: fields.secret?.toString() ?? '',
        spec: fields.spec?.toString() ?? '',
        lastEvent: Number(last),
        kept: new Map(kept.sort(([a], [b]) => a - b)),
        deadlines: JSON.parse(fields.deadlines?.toString() ?? '{}') as Record<string, number>,
      }
      if (fields.closed !== undefined) record.closedAt = Number(fields.closed.toString())
      return record
    },

    async schedule(kind, id, at) {
      await (await client()).zadd(scheduleKey, at, dueKey(kind, id))
    },
    async unschedule(kind, id) {
      await (await client()).zrem(scheduleKey, dueKey(kind, id))
    },
    async claimDue(now, limit, hold) {
      const until = now + Math.max(1, hold)
      const due = (await (await client()).gClaimDue(scheduleKey, now, limit, until)) as string[]
      const claims: DueClaim[] = []
      for (let i = 0; i < due.length; i += 2) {
        const member = due[i]!
        const colon = member.indexOf(':')
        claims.push({ kind: member.slice(0, colon), id: member.slice(colon + 1), at: Number(due[i + 1]), until })
      }
      return claims
    },
    async settle(claim) {
      return (await (await client()).gSettle(scheduleKey, dueKey(claim.kind, claim.id), claim.until)) === 1
    },

    async acquire(id, owner, ms) {
      return (await (await client()).gAcquire(leaseKey(id), owner, Math.max(1, Math.ceil(ms)))) === 1
    },
    async renew(id, owner, ms) {
      return (await (await client()).gRenew(leaseKey(id), owner, Math.max(1, Math.ceil(ms)))) === 1
    },
    async release(id, owner) {
      return (await (await client()).gRelease(leaseKey(id), owner)) === 1
    },
    commit({ session, owner, event, changes, removed = [], result, leaseMs = 0, forget = 0 }) {
      return commits.commit(leaseKey(session), sessionKey(session), (argv) => {
        const id = String(event)
        argv.push(owner, String(Math.ceil(leaseMs)), String(forget), id, String(removed.length))
        for (const name of removed) argv.push(STATE + name)
        argv.push('last', id)
        encodeStates(changes, STATE, argv).push(KEPT + id, encodeValue(result, 'result', id))
      })
    },

    async readGlobals(names) {
      const batch = (await client()).pipeline()
      for (const name of names) batch.hmgetBuffer(key(`global:${name}`, 'v'), 'value', 'revision')
      const replies = await batch.exec()
      const found = new Map<string, GlobalValue>()
      names.forEach((name, i) => {
        const [value, revision] = replyOf<Array<Buffer | null>>(replies, i)
        if (value && revision) found.set(name, { value: decodeValue(value), revision: Number(revision.toString()) })
      })
      return found
    },
    async writeGlobal(name, value, owner) {
      const id = `global:${name}`
      const revision = (await (await client()).gWriteGlobal(leaseKey(id), key(id, 'v'), owner, encodeValue(value, 'global', name), channel, name)) as number
      return revision < 0 ? undefined : revision
    },
    async watchGlobals(listener) {
      const watcher = (notice: { name: string; revision: number }) => listener(notice)
      watchers.add(watcher)
      await subscribe()
      return async () => void watchers.delete(watcher)
    },

    async admit(id, limit, now, until) {
      return (await (await client()).gAdmit(liveKey, now, limit, id, until)) === 1
    },
    async keepLive(ids, until) {
      if (ids.length) await (await client()).zadd(liveKey, ...ids.flatMap((id) => [until, id]))
    },

    async secret(offered) {
      return String(await (await client()).gSecret(`${prefix}secret`, offered))
    },
  }
  return store
}

// --- internal ---

/** The reply of the `i`th command of a batch; a command's error is thrown. */
function replyOf<T>(replies: Array<[Error | null, unknown]> | null, i: number): T {
  const [error, reply] = replies?.[i] ?? [new Error('[g-kit] redis store: a batch was discarded'), undefined]
  if (error) throw error
  return reply as T
}

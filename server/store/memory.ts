import type { CommitOutcome, DueClaim, GlobalNotice, GlobalValue, SessionRecord, SharedStore } from './types.js'
import { DueQueue } from './due.js'

export type { SessionStore, SharedStore } from './types.js'

/** A record as the memory store keeps it: the record, and when it expires (epoch ms). */
interface Kept {
  record: SessionRecord
  expires: number
}

/**
 * The default store: everything in this process's memory, so one instance only. The maps and records
 * it hands out are its own: callers only read them. Expired records are dropped when next read, and
 * in one pass whenever their number has doubled since the last.
 */
export function memoryStore(): SharedStore {
  const sessions = new Map<string, Map<string, unknown>>()
  const records = new Map<string, Kept>()
  const due = new DueQueue()
  const leases = new Map<string, { owner: string; until: number }>()
  const globals = new Map<string, GlobalValue>()
  /** Until when each live session counts (see `admit`). */
  const counted = new Map<string, number>()
  const watchers = new Set<(notice: GlobalNotice) => void>()
  let secret: string | undefined
  let purgedAt = 64

  /** The live record of `session`; an expired one is deleted with its states. */
  function live(session: string, now = Date.now()): SessionRecord | undefined {
    const kept = records.get(session)
    if (kept && kept.expires <= now) drop(session)
    else return kept?.record
  }

  function drop(session: string): Map<string, unknown> | undefined {
    const states = sessions.get(session)
    sessions.delete(session)
    records.delete(session)
    leases.delete(session)
    counted.delete(session)
    return states
  }

  function save(session: string, changes: ReadonlyMap<string, unknown>, removed: readonly string[] = []): void {
    let states = sessions.get(session)
    if (!states) sessions.set(session, (states = new Map()))
    for (const [name, value] of changes) states.set(name, value)
    for (const name of removed) states.delete(name)
  }

  function forgetKept(record: SessionRecord | undefined, upTo: number): void {
    for (const id of record?.kept.keys() ?? []) if (id <= upTo) record!.kept.delete(id)
  }

  function holds(id: string, owner: string, now = Date.now()): boolean {
    const lease = leases.get(id)
    return lease !== undefined && lease.owner === owner && lease.until > now
  }

  return {
    // Answers at once, without a promise: an event on the memory store waits on nothing.
    load(session) {
      if (records.size) live(session)
      return sessions.get(session)
    },
    save,
    async delete(session) {
      return drop(session)
    },

    async putRecord(fields, ttl) {
      const now = Date.now()
      const old = live(fields.id, now)
      const { id, secretHash, spec, deadlines, closedAt } = fields
      const record: SessionRecord = { id, secretHash, spec, lastEvent: old?.lastEvent ?? 0, kept: old?.kept ?? new Map(), deadlines }
      if (closedAt !== undefined) record.closedAt = closedAt
      records.set(fields.id, { record, expires: now + ttl })
      if (records.size >= 2 * purgedAt) {
        for (const id of [...records.keys()]) live(id, now)
        purgedAt = Math.max(64, records.size)
      }
    },
    async getRecord(session) {
      return live(session)
    },

    async schedule(kind, id, at) {
      due.schedule(kind, id, at)
    },
    async unschedule(kind, id) {
      due.unschedule(kind, id)
    },
    async claimDue(now, limit, hold) {
      return due.claim(now, limit, hold)
    },
    async settle(claim: DueClaim) {
      return due.settle(claim)
    },

    async acquire(id, owner, ms) {
      const now = Date.now()
      const lease = leases.get(id)
      if (lease && lease.owner !== owner && lease.until > now) return false
      leases.set(id, { owner, until: now + ms })
      return true
    },
    async renew(id, owner, ms) {
      const now = Date.now()
      if (!holds(id, owner, now)) return false
      leases.set(id, { owner, until: now + ms })
      return true
    },
    async release(id, owner) {
      if (!holds(id, owner)) return false
      leases.delete(id)
      return true
    },
    async commit({ session, owner, event, changes, removed = [], result, leaseMs, forget }): Promise<CommitOutcome> {
      const now = Date.now()
      if (!holds(session, owner, now)) return 'stale'
      if (leaseMs !== undefined) leases.set(session, { owner, until: now + leaseMs })
      const record = live(session, now)
      if (!record) return 'gone'
      if (event <= record.lastEvent) return 'duplicate'
      save(session, changes, removed)
      if (forget !== undefined) forgetKept(record, forget)
      record.lastEvent = event
      record.kept.set(event, result)
      return 'committed'
    },

    async readGlobals(names) {
      const found = new Map<string, GlobalValue>()
      for (const name of names) {
        const stored = globals.get(name)
        if (stored) found.set(name, stored)
      }
      return found
    },
    async writeGlobal(name, value, owner) {
      if (!holds(`global:${name}`, owner)) return undefined
      const revision = (globals.get(name)?.revision ?? 0) + 1
      globals.set(name, { value, revision })
      // Delivered later, as a Redis notice would be: a watcher never runs inside the writer's call.
      for (const watcher of watchers) queueMicrotask(() => watcher({ name, revision }))
      return revision
    },
    async watchGlobals(listener) {
      const watcher = (notice: GlobalNotice) => listener(notice)
      watchers.add(watcher)
      return async () => void watchers.delete(watcher)
    },

    async admit(id, limit, now, until) {
      if (!counted.has(id) && counted.size >= limit) {
        for (const [other, end] of counted) if (end <= now) counted.delete(other)
        if (counted.size >= limit) return false
      }
      counted.set(id, until)
      return true
    },
    async keepLive(ids, until) {
      for (const id of ids) counted.set(id, until)
    },

    async secret(offered) {
      return (secret ??= offered)
    },
  }
}

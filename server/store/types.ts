/**
 * What one session must keep to outlive the instance running it: enough for any instance to resume it.
 * What stays in a process (its socket, queue, aborts, private factory states) is not here.
 */
export interface SessionRecord {
  id: string
  /** A hash of the resume secret (the secret itself is never stored). */
  secretHash: string
  /** The shared id of the page's compiled app, which every instance can compile again. */
  spec: string
  /** The id of the last event committed (0 before any): an event at or below it is a resend. */
  lastEvent: number
  /** Results of committed events not yet acknowledged by the page, by event id, for a resend. */
  kept: Map<number, unknown>
  /** When each state with a `ttl` resets (epoch ms), by state name. */
  deadlines: Record<string, number>
  /** When the page's socket closed (epoch ms); absent while one is open. */
  closedAt?: number
}

/** The part of a record that {@link SessionStore.putRecord} writes: `lastEvent` and `kept` move only by commits. */
export type SessionRecordFields = Omit<SessionRecord, 'lastEvent' | 'kept'>

/** One event's writes, applied by {@link SessionStore.commit} only while `owner` holds the session's lease. */
export interface Commit {
  session: string
  /** The lease owner committing (see {@link SessionStore.acquire}). */
  owner: string
  /** The event's id: a commit applies once, and only above the record's `lastEvent`. */
  event: number
  changes: ReadonlyMap<string, unknown>
  removed?: readonly string[]
  /** What the event sent the page, kept under `event` for a resend. */
  result: unknown
  /** Renews `owner`'s lease for this long (ms) with the commit, when given. */
  leaseMs?: number
  /** Drops the kept results of events up to this one (the page acknowledged them) with the commit, when given. */
  forget?: number
}

/**
 * How a commit ended: `committed`; `stale` when `owner` does not hold the lease (nothing written);
 * `duplicate` when the event was committed already (nothing written: resend its kept result);
 * `gone` when the session has no record (expired or deleted).
 */
export type CommitOutcome = 'committed' | 'stale' | 'duplicate' | 'gone'

/** Something due, claimed by one instance until `until`; {@link SessionStore.settle} it once handled. */
export interface DueClaim {
  /** What is due, as scheduled: `closed` for a session past its `closedTtl`, `ttl` for a state… (no `:`). */
  kind: string
  id: string
  /** When it fell due (epoch ms). */
  at: number
  /** Until when this claim holds: past it, an unsettled claim is due again (its claimer died). */
  until: number
}

/** A global's stored value and its revision (1 at the first write, one more at each). */
export interface GlobalValue {
  value: unknown
  revision: number
}

/** A global written on some instance: a watcher whose copy is older than `revision` reads it again. */
export interface GlobalNotice {
  name: string
  revision: number
}

/**
 * Where sessions live: their states, their records, what is due, who runs each one, the app's
 * globals and its secret. The memory store keeps them in this process; the Redis store shares them
 * between instances, so values must then be structured-clonable (JSON, Map, Set, Date, BigInt, typed
 * arrays): a store that cannot serialize a value throws an {@link UnstorableValueError} naming it.
 * Private states stay in their process and never reach a store.
 *
 * Leases name what they guard: a session's id, or `global:` and a global's name.
 */
export interface SessionStore {
  /** The states a session has written so far; `undefined` when the store holds none for it. */
  load(session: string): Map<string, unknown> | undefined | Promise<Map<string, unknown> | undefined>
  /**
   * Writes some states of a session (creating its record) and removes others. A store that writes
   * at once may return nothing; one that writes elsewhere returns a promise of the write.
   */
  save(session: string, changes: ReadonlyMap<string, unknown>, removed?: readonly string[]): void | Promise<void>
  /** Removes a session (states, record, kept results, lease); resolves the states it held, for their `onDelete` callbacks. */
  delete(session: string): Promise<Map<string, unknown> | undefined>
  /** Releases connections; the store is not used afterwards. */
  close?(): Promise<void>
}

/**
 * A store that several instances of one app can share: besides states, session records with a
 * ttl, a queue of what falls due, leases, fenced commits, globals with revisions and notices, and
 * the sealing secret. The memory store and the Redis store are such stores.
 */
export interface SharedStore extends SessionStore {
  /** Creates or rewrites a session's record, which with its states and kept results expires `ttl` ms from now unless written again. */
  putRecord(record: SessionRecordFields, ttl: number): Promise<void>
  /** A session's record; `undefined` when it has none (never made, expired, deleted). */
  getRecord(session: string): Promise<SessionRecord | undefined>

  /** Schedules `kind`/`id` at `at` (epoch ms), replacing any earlier schedule of it. */
  schedule(kind: string, id: string, at: number): Promise<void>
  /** Removes `kind`/`id` from the schedule. */
  unschedule(kind: string, id: string): Promise<void>
  /** Claims at most `limit` items due at `now`, oldest first, for `hold` ms; no two callers ever claim one item at once. */
  claimDue(now: number, limit: number, hold: number): Promise<DueClaim[]>
  /** Removes a handled claim, unless it was scheduled again since; resolves whether it was removed. */
  settle(claim: DueClaim): Promise<boolean>

  /** Takes the lease `id` for `owner` for `ms` (or extends it if `owner` holds it); resolves whether `owner` holds it now. */
  acquire(id: string, owner: string, ms: number): Promise<boolean>
  /** Extends a lease `owner` holds to `ms` from now; resolves false (and changes nothing) when it does not hold it. */
  renew(id: string, owner: string, ms: number): Promise<boolean>
  /** Ends a lease `owner` holds; resolves false (and changes nothing) when another holds it or none does. */
  release(id: string, owner: string): Promise<boolean>
  /** Applies one event's writes, fenced by the session's lease and by its last event id, all or nothing. */
  commit(commit: Commit): Promise<CommitOutcome>

  /** The stored globals among `names` (a global never written is absent). */
  readGlobals(names: readonly string[]): Promise<Map<string, GlobalValue>>
  /**
   * Writes a global while `owner` holds the lease `global:<name>`, and notifies every watcher.
   * Resolves the new revision, or `undefined` (nothing written) when `owner` does not hold the lease.
   */
  writeGlobal(name: string, value: unknown, owner: string): Promise<number | undefined>
  /** Calls `listener` for each global written from now on, by any instance; resolves a function that stops it. */
  watchGlobals(listener: (notice: GlobalNotice) => void): Promise<() => Promise<void>>

  /**
   * Counts session `id` among the app's live sessions until `until` (epoch ms), unless it is not
   * counted yet and `limit` sessions are (those counted past `now`): resolves whether it is counted.
   * Atomic across instances, so that they share `maxSessions`. {@link delete} stops counting it.
   */
  admit(id: string, limit: number, now: number, until: number): Promise<boolean>
  /** Counts sessions `ids` live until `until` (epoch ms), counted already or not. */
  keepLive(ids: readonly string[], until: number): Promise<void>

  /** The app's secret: `offered` if none was stored yet (stored once, atomically), else the stored one. */
  secret(offered: string): Promise<string>
}

/** A value a store cannot keep: `what` names it (`state 'cart'`, `global 'visits'`, `the result of event 3`). */
export class UnstorableValueError extends Error {
  readonly what: string

  constructor(what: string, cause: unknown) {
    super(
      `[g-kit] ${what} cannot be stored: ${cause instanceof Error ? cause.message : String(cause)} ` +
        `(a shared store keeps structured-clonable values: JSON, Map, Set, Date, BigInt, typed arrays)`,
      { cause },
    )
    this.name = 'UnstorableValueError'
    this.what = what
  }
}

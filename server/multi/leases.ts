import type { SharedMode } from './mode.js'
import { backOff } from '../store/lease.js'

/** A session's states as committed under the lease held for it, or null when they are not known here. */
type Kept = Map<string, unknown> | null

/** A lease an event runs under now: renewed by the tick while the event runs long. */
interface Busy {
  states: Kept
  /** Until when the lease holds (as last taken or renewed, less a margin for clocks). */
  until: number
  /** Set when the lease is to go once the event is over (its page left meanwhile). */
  released?: boolean
}

/** How long a lease is kept after its session's last event. */
const IDLE_MS = 500
/**
 * How long a commit renews its lease for: long enough past {@link IDLE_MS} that an event taken under
 * a kept lease has time to commit on a loaded machine; short, as a page that moves to another
 * instance without this one seeing its socket close waits for it.
 */
const KEEP_MS = 2000
/** What is taken off a lease's end, for the time a command takes and clocks. */
const MARGIN_MS = 100

/**
 * The session leases an instance keeps between a session's events, so that a busy session pays one
 * round trip to Redis per event (its fenced commit), not three: a lease is taken with the states in
 * one round trip, and each commit renews it for {@link keepMs}: it is kept here while events follow
 * each other, forgotten about {@link IDLE_MS} after the last one, and ends by itself in Redis soon
 * after, with no command to release it (but when the page's socket closes here, which releases it). The states kept with it stay
 * valid while it is held, as no other instance can commit meanwhile.
 *
 * Sessions are many and mostly idle, so a lease between events costs one map entry: leases are
 * kept in two generations by when their last commit was sent (a timer wheel of two slots). At each
 * tick the older generation is forgotten and the newer one becomes older; a generation's leases all
 * hold until its start plus `keepMs`, which two ticks stay well short of. Only leases whose event runs
 * now (few) have a deadline of their own, renewed for `leaseMs` while the event runs long.
 */
export class SessionLeases {
  /** Leases whose last commit was sent since {@link #newerSince}. */
  #newer = new Map<string, Kept>()
  #newerSince = 0
  /** Leases whose last commit was sent in the tick period before. */
  #older = new Map<string, Kept>()
  #olderSince = 0
  readonly #busy = new Map<string, Busy>()
  /** How long a commit renews its lease for (ms); 0 when leases are too short to keep between events. */
  readonly keepMs: number
  /** The tick period: half the idle time, at most a quarter of what is left of {@link keepMs} after its margin. */
  readonly #period: number
  #timer?: NodeJS.Timeout

  constructor(
    private readonly shared: Pick<SharedMode, 'store' | 'instance' | 'leaseMs'>,
    private readonly log: Pick<Console, 'error'>,
  ) {
    const keepMs = Math.min(shared.leaseMs, KEEP_MS)
    this.#period = Math.max(0, Math.min(IDLE_MS / 2, (keepMs - MARGIN_MS) / 4))
    this.keepMs = this.#period ? keepMs : 0
  }

  /** Takes session `id`'s lease for an event (waiting while another instance holds it); gives its states as committed: kept from its last event here (at once, no promise), or read with it. */
  take(id: string): Map<string, unknown> | Promise<Map<string, unknown>> {
    const since = this.#newer.has(id) ? this.#newerSince : this.#olderSince
    const kept = this.#takeKept(id)
    if (kept === undefined) return this.#acquire(id)
    const busy: Busy = { states: kept, until: since + this.keepMs - MARGIN_MS }
    this.#busy.set(id, busy)
    this.#start()
    if (kept) return kept
    return this.#loaded(id, this.shared.store.load(id)).then((states) => (busy.states = states))
  }

  async #acquire(id: string): Promise<Map<string, unknown>> {
    const { store, instance, leaseMs } = this.shared
    for (let wait = 1; ; wait = await backOff(wait)) {
      const start = Date.now()
      // One connection keeps the order: the states are read under the lease.
      const acquired = store.acquire(id, instance, leaseMs)
      const loaded = Promise.resolve(store.load(id))
      loaded.catch(() => {})
      if (await acquired) {
        const busy: Busy = { states: null, until: start + leaseMs - MARGIN_MS }
        this.#busy.set(id, busy)
        this.#start()
        return (busy.states = await this.#loaded(id, loaded))
      }
    }
  }

  /**
   * The event under session `id`'s lease committed, its commit (which renewed the lease for
   * {@link keepMs}) sent at `sentAt`: the lease is kept with `states`, unless it was released meanwhile.
   */
  committed(id: string, states: Map<string, unknown>, sentAt: number): void {
    const busy = this.#busy.get(id)
    if (!busy) return
    this.#busy.delete(id)
    if (busy.released || !this.keepMs) return this.#letGo(id)
    if (sentAt >= this.#newerSince) this.#newer.set(id, busy.states && states)
    else if (sentAt >= this.#olderSince) this.#older.set(id, busy.states && states)
    else this.#letGo(id) // the event ran longer than a tick: its commit's renewal is too old to count on
  }

  /** Lets go of session `id`'s lease (its page left, or its commit was refused, or its states are unknown). */
  release(id: string): void {
    const busy = this.#busy.get(id)
    // An event runs under it: the lease goes when that event is over (see `committed`, `ended`).
    if (busy) return void (busy.released = true)
    if (this.#newer.delete(id) || this.#older.delete(id)) this.#letGo(id)
  }

  /** The event under session `id`'s lease did not commit: the lease goes. */
  ended(id: string): void {
    if (this.#busy.delete(id)) this.#letGo(id)
  }

  /** Forgets the states kept with session `id`'s lease: they were written outside an event (a `ttl` reset). */
  forgetStates(id: string): void {
    const busy = this.#busy.get(id)
    if (busy) busy.states = null
    if (this.#newer.has(id)) this.#newer.set(id, null)
    if (this.#older.has(id)) this.#older.set(id, null)
  }

  /** Lets go of every lease (the app closes). */
  async releaseAll(): Promise<void> {
    const ids = [...this.#newer.keys(), ...this.#older.keys(), ...this.#busy.keys()]
    this.#newer.clear()
    this.#older.clear()
    this.#busy.clear()
    clearInterval(this.#timer)
    this.#timer = undefined
    await Promise.all(ids.map((id) => this.shared.store.release(id, this.shared.instance).catch(() => false)))
  }

  /** The kept states of session `id` if its lease is kept here (taking it out of its generation), else undefined. */
  #takeKept(id: string): Kept | undefined {
    if (!this.#period) return undefined
    const newer = this.#newer.get(id)
    if (newer !== undefined) return this.#newer.delete(id), newer
    const older = this.#older.get(id)
    if (older !== undefined && this.#olderSince + this.keepMs - MARGIN_MS > Date.now()) return this.#older.delete(id), older
    return undefined
  }

  /** The states `loading` resolves; if it fails, the lease taken for them goes. */
  async #loaded(id: string, loading: Promise<Map<string, unknown> | undefined> | Map<string, unknown> | undefined): Promise<Map<string, unknown>> {
    try {
      return (await loading) ?? new Map<string, unknown>()
    } catch (error) {
      this.ended(id)
      throw error
    }
  }

  #start(): void {
    if (this.#timer) return
    const now = Date.now()
    this.#newerSince = this.#olderSince = now
    this.#timer = setInterval(() => this.#tick(), this.#tickMs).unref()
  }

  /** The tick period: {@link #period}, or when no lease is kept between events, a third of a lease (to renew long events'). */
  get #tickMs(): number {
    return this.#period || Math.max(1, this.shared.leaseMs / 3)
  }

  /** Forgets the older generation (its leases end in Redis by themselves), and renews the leases of events that run long. */
  #tick(): void {
    const now = Date.now()
    this.#older = this.#newer
    this.#olderSince = this.#newerSince
    this.#newer = new Map()
    this.#newerSince = now
    const { store, instance, leaseMs } = this.shared
    for (const [id, busy] of this.#busy) {
      // Renewed only when it would end before the next tick: an event shorter than that is renewed by its commit.
      if (busy.until - now >= this.#tickMs + MARGIN_MS) continue
      const until = now + leaseMs - MARGIN_MS
      store.renew(id, instance, leaseMs).then(
        (held) => (held ? (busy.until = until) : (busy.released = true)),
        () => (busy.released = true),
      )
    }
    if (!this.#older.size && !this.#busy.size) {
      clearInterval(this.#timer)
      this.#timer = undefined
    }
  }

  #letGo(id: string): void {
    this.shared.store.release(id, this.shared.instance).catch((error: unknown) => this.log.error(`[g-kit] session ${id}: its lease could not be released:`, error))
  }
}

import type { SharedMode } from './mode.js'
import { backOff } from '../store/lease.js'

/** A session lease this instance holds between events, with the session's states as of its last commit. */
export interface HeldLease {
  /** Until when the lease holds (as last taken or renewed, less a margin for clocks). */
  until: number
  /** When an event last used it. */
  used: number
  /** Whether an event runs under it now (it is renewed, never released as idle). */
  busy?: boolean
  /** The states as committed under this lease (valid while it is held without a break), or undefined. */
  states?: Map<string, unknown>
}

/** How long a lease is kept after its session's last event: a page that moves to another instance waits at most this. */
const IDLE_MS = 500
/** What is taken off a lease's end, for the time a command takes and clocks. */
const MARGIN_MS = 100

/**
 * The session leases an instance keeps between a session's events, so that a busy session pays one
 * round trip to Redis per event (its fenced commit), not three: a lease is taken with the states in
 * one round trip, kept while events follow each other, renewed before it ends, and released after
 * {@link IDLE_MS} without an event or when the page's socket closes here. The states kept with it
 * stay valid while it is held, as no other instance can commit meanwhile (commits are fenced).
 */
export class SessionLeases {
  readonly #held = new Map<string, HeldLease>()
  #timer?: NodeJS.Timeout

  constructor(
    private readonly shared: Pick<SharedMode, 'store' | 'instance' | 'leaseMs'>,
    private readonly log: Pick<Console, 'error'>,
  ) {}

  /** The lease of session `id`, taken (waiting while another instance holds it) with its states unless held already. */
  async take(id: string, now = Date.now()): Promise<HeldLease> {
    const held = this.#held.get(id)
    if (held && held.until > now) {
      held.used = now
      return held
    }
    this.#held.delete(id)
    const { store, instance, leaseMs } = this.shared
    for (let wait = 1; ; wait = await backOff(wait)) {
      const start = Date.now()
      // One connection keeps the order: the states are read under the lease.
      const acquired = store.acquire(id, instance, leaseMs)
      const loaded = Promise.resolve(store.load(id))
      loaded.catch(() => {})
      if (await acquired) {
        const lease: HeldLease = { until: start + leaseMs - MARGIN_MS, used: Date.now(), states: (await loaded) ?? new Map() }
        this.#held.set(id, lease)
        this.#timer ??= setInterval(() => this.#tick(), IDLE_MS / 2).unref()
        return lease
      }
    }
  }

  /** Lets go of session `id`'s lease (its page left, or its commit was refused, or its states are unknown). */
  release(id: string): void {
    const held = this.#held.get(id)
    if (!held) return
    // An event runs under it: the lease goes when that event has committed (at the next tick).
    if (held.busy) return void (held.used = 0)
    this.#held.delete(id)
    this.shared.store.release(id, this.shared.instance).catch((error: unknown) => this.log.error(`[g-kit] session ${id}: its lease could not be released:`, error))
  }

  /** Forgets the states kept with session `id`'s lease: they were written outside an event (a `ttl` reset). */
  forgetStates(id: string): void {
    const held = this.#held.get(id)
    if (held) held.states = undefined
  }

  /** Lets go of every lease (the app closes). */
  async releaseAll(): Promise<void> {
    const ids = [...this.#held.keys()]
    this.#held.clear()
    clearInterval(this.#timer)
    this.#timer = undefined
    await Promise.all(ids.map((id) => this.shared.store.release(id, this.shared.instance).catch(() => false)))
  }

  /** Releases idle leases and renews the others before they end. */
  #tick(): void {
    const now = Date.now()
    const { store, instance, leaseMs } = this.shared
    for (const [id, lease] of this.#held) {
      if (!lease.busy && now - lease.used > IDLE_MS) this.release(id)
      else if (lease.until - now < (2 * leaseMs) / 3) {
        const until = now + leaseMs - MARGIN_MS
        store.renew(id, instance, leaseMs).then(
          (held) => (held ? (lease.until = until) : this.#held.get(id) === lease && this.#held.delete(id)),
          () => this.#held.get(id) === lease && this.#held.delete(id),
        )
      }
    }
    if (!this.#held.size) {
      clearInterval(this.#timer)
      this.#timer = undefined
    }
  }
}

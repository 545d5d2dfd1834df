import type { EventMessage } from '../protocol.js'
import type { AppCore } from '../core.js'
import type { EventControl, Session } from '../session/session.js'
import type { SessionStore } from '../store/types.js'
import type { SharedMode } from './mode.js'
import { runEvent } from '../run/run.js'
import { UnstorableValueError, type CommitOutcome } from '../store/types.js'
import { recordWriting } from './sessions.js'
import { dropLocal } from './local.js'

/** The writes of a session's running event, held back for its fenced commit. */
interface Pending {
  changes: Map<string, unknown>
  removed: Set<string>
  /** The session's states as committed under its lease, which the event reads and updates. */
  states: Map<string, unknown>
  /** Settles when the event has committed (or not). */
  done: Promise<void>
}

/**
 * The running event of each session, by id. A session runs one event at a time on an instance
 * (its queue; a copy let go and one resumed since wait for each other, see {@link runShared}), so
 * the id tells whose writes a `save` is: no async context is needed, which on Node 20 would hook
 * every promise of the process.
 */
const pending = new Map<string, Pending>()
/** No states removed. */
const NONE: readonly string[] = []
/** Acknowledged results are forgotten in the store in steps of this many events (the page's ack moves by one each). */
const FORGET_STEP = 16
/** Up to which event each session's results are forgotten (or to be, with its next commit). */
const forgotten = new WeakMap<Session, number>()
/** Up to which event the next commit of a session forgets results. */
const toForget = new WeakMap<Session, number>()

/**
 * The store an app on a shared store works through: reads go to the shared store; writes made
 * while an event runs are held for {@link runShared}'s commit, others (a `ttl` reset) go straight.
 */
export function eventStore(shared: SharedMode): SessionStore {
  const { store } = shared
  return {
    load(session) {
      return pending.get(session)?.states ?? store.load(session)
    },
    save(session, changes, removed = []) {
      const writes = pending.get(session)
      if (!writes) {
        shared.leases.forgetStates(session)
        return store.save(session, changes, removed)
      }
      // A write while the event runs (the event's own, or its page's elements leaving) goes with its commit.
      for (const [name, value] of changes) writes.changes.set(name, value), writes.removed.delete(name), writes.states.set(name, value)
      for (const name of removed) writes.changes.delete(name), writes.removed.add(name), writes.states.delete(name)
    },
    delete: (session) => store.delete(session),
    close: () => store.close?.() ?? Promise.resolve(),
  }
}

/**
 * Runs a page's event on a shared store: holding the session's lease (one instance at a time runs
 * its events), then one fenced commit of all its writes with the messages it sent, under its id,
 * which applies once however many instances run it. When the commit is refused — another instance
 * holds the session now (`stale`), or ran this event already (`duplicate`) — nothing is written,
 * this instance's copy is dropped and its socket closed: the page reconnects, resumes the session
 * from its record, and sends the event again (or gets its kept results).
 */
export async function runShared(core: AppCore, shared: SharedMode, session: Session, msg: EventMessage, control: EventControl): Promise<void> {
  const recording = recordWriting(session)
  if (recording) await recording
  const { store, instance, leases } = shared
  const id = session.id
  // A copy of this session let go here may still run an event: its writes are its own, and dropped.
  for (let before = pending.get(id); before; before = pending.get(id)) await before.done
  let finished!: () => void
  const writes: Pending = { changes: new Map(), removed: new Set(), states: new Map(), done: new Promise((resolve) => (finished = resolve)) }
  pending.set(id, writes)
  let outcome: CommitOutcome | 'ended' = 'ended'
  let taken = false
  let sentAt = 0
  try {
    // The states as committed under the lease: the event reads and updates this map (see `saveStates`).
    const taking = leases.take(id)
    const states = taking instanceof Map ? taking : await taking
    taken = true
    for (const [name, value] of writes.changes) states.set(name, value)
    for (const name of writes.removed) states.delete(name)
    writes.states = states
    await runEvent(session, msg, control)
    const result = session.resultsOf(msg.id) ?? []
    if (!session.ended) {
      const forget = toForget.get(session)
      if (forget !== undefined) toForget.delete(session)
      sentAt = Date.now()
      outcome = await store.commit({ session: id, owner: instance, event: msg.id, changes: writes.changes, removed: writes.removed.size ? [...writes.removed] : NONE, result, leaseMs: leases.keepMs || undefined, forget })
    }
  } catch (error) {
    if (!(error instanceof UnstorableValueError)) throw error
    // Nothing was written: the event fails, naming what could not be stored (the states kept are not the store's now).
    session.post({ t: 'error', e: msg.id, message: error.message })
  } finally {
    pending.delete(id)
    finished()
    if (taken && outcome !== 'committed') leases.ended(id)
  }
  if (outcome === 'committed') return leases.committed(id, writes.states, sentAt)
  if (outcome === 'ended') return
  if (outcome === 'gone') core.log.warn(`[g-kit] session ${id} ended on another instance while event ${msg.id} ran here: nothing written`)
  await dropLocal(core, session)
}

/**
 * Forgets, in the store, the results the page has acknowledged: with the session's next commit (a
 * page acknowledges with its next event), so that it costs no command of its own.
 */
export function forgetShared(session: Session, ack: number): void {
  if (ack < (forgotten.get(session) ?? 0) + FORGET_STEP) return
  forgotten.set(session, ack)
  toForget.set(session, ack)
}

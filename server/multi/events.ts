import { AsyncLocalStorage } from 'node:async_hooks'
import type { EventMessage } from '../protocol.js'
import type { AppCore } from '../core.js'
import type { EventControl, Session } from '../session/session.js'
import type { SessionStore } from '../store/types.js'
import type { SharedMode } from './mode.js'
import { runEvent } from '../run/run.js'
import { UnstorableValueError, type CommitOutcome } from '../store/types.js'
import { recordWritten } from './sessions.js'
import { dropLocal } from './local.js'

/** The writes of the event running (in this async context), held back for its fenced commit. */
interface Pending {
  changes: Map<string, unknown>
  removed: Set<string>
  /** The session's states, read in the same round trip as the lease was taken. */
  loaded?: Promise<Map<string, unknown> | undefined>
}

const pending = new AsyncLocalStorage<Pending>()
/** Acknowledged results are forgotten in the store in steps of this many events (the page's ack moves by one each). */
const FORGET_STEP = 16
const forgotten = new WeakMap<Session, number>()

/**
 * The store an app on a shared store works through: reads go to the shared store; writes made
 * while an event runs are held for {@link runShared}'s commit, others (a `ttl` reset) go straight.
 */
export function eventStore(shared: SharedMode): SessionStore {
  const { store } = shared
  return {
    load(session) {
      const writes = pending.getStore()
      const loaded = writes?.loaded
      if (!loaded) return store.load(session)
      writes.loaded = undefined
      return loaded
    },
    save(session, changes, removed = []) {
      const writes = pending.getStore()
      if (!writes) {
        shared.leases.forgetStates(session)
        return store.save(session, changes, removed)
      }
      for (const [name, value] of changes) writes.changes.set(name, value), writes.removed.delete(name)
      for (const name of removed) writes.changes.delete(name), writes.removed.add(name)
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
  await recordWritten(session)
  const { store, instance, leases } = shared
  const id = session.id
  const lease = await leases.take(id)
  const writes: Pending = { changes: new Map(), removed: new Set() }
  // The states as committed under this lease: the event reads and updates this map (see `saveStates`).
  const states = lease.states ?? (await store.load(id)) ?? new Map<string, unknown>()
  lease.states = undefined
  writes.loaded = Promise.resolve(states)
  lease.busy = true
  let outcome: CommitOutcome | 'ended' = 'ended'
  try {
    await pending.run(writes, () => runEvent(session, msg, control))
    const result = session.resultsOf(msg.id) ?? []
    if (!session.ended) outcome = await store.commit({ session: id, owner: instance, event: msg.id, changes: writes.changes, removed: [...writes.removed], result })
  } catch (error) {
    if (!(error instanceof UnstorableValueError)) throw error
    // Nothing was written: the event fails, naming what could not be stored (the states kept are not the store's now).
    session.post({ t: 'error', e: msg.id, message: error.message })
  } finally {
    lease.busy = false
    lease.used = Date.now()
  }
  if (outcome === 'committed') {
    lease.states = states
    return
  }
  leases.release(id)
  if (outcome === 'ended') return
  if (outcome === 'gone') core.log.warn(`[g-kit] session ${id} ended on another instance while event ${msg.id} ran here: nothing written`)
  await dropLocal(core, session)
}

/** Forgets, in the store, the results the page has acknowledged. */
export function forgetShared(core: AppCore, session: Session, ack: number): void {
  if (ack < (forgotten.get(session) ?? 0) + FORGET_STEP) return
  forgotten.set(session, ack)
  core.shared?.store.forget(session.id, ack).catch((error: unknown) => core.log.error(`[g-kit] session ${session.id}: the store failed to forget results:`, error))
}

import type { AppCore } from '../core.js'
import type { Session } from './session.js'
import { equal } from '../run/values.js'
import { defaultState } from './defaults.js'
import { dropLocal } from '../multi/local.js'
import { hasRecord } from '../multi/sessions.js'
import { sweepShared } from '../multi/expiry.js'

/** A state whose `ttl` runs from a write: its session by id, so that an ended session is not kept. */
export interface StateTimer {
  session: string
  name: string
}

/**
 * Ends a session for good: each state's `onDelete` with its last value, then every `onUnload`
 * handler. A callback that throws is logged with the session and the state's name; the others
 * still run.
 */
export async function endSession(core: AppCore, session: Session): Promise<void> {
  // On a shared store an instance lets go of its copy of a page's session only: it ends for good through the due queue (see `sweepShared`).
  if (core.shared && hasRecord(session)) return dropLocal(core, session)
  try {
    await end(core, session)
  } catch (error) {
    core.log.error(`[g-kit] session ${session.id}: ending it failed:`, error)
  }
}

async function end(core: AppCore, session: Session): Promise<void> {
  if (core.sessions.get(session.id) !== session) return
  core.sessions.delete(session.id)
  session.ended = true
  session.abortAll()
  session.disconnect()
  core.timers.discard(session.writtenAt.size, (timer) => core.sessions.has(timer.session))
  let stored: Iterable<[string, unknown]> | undefined
  try {
    stored = [...((await core.store.delete(session.id)) ?? [])]
  } catch (error) {
    core.log.error(`[g-kit] session ${session.id}: the store failed to delete it:`, error)
  }
  for (const [name, value] of [...(stored ?? []), ...session.local]) await onDelete(core, session, name, value)
  for (const unload of core.unloads) await guard(core, `onUnload in session ${session.id}`, () => unload({ session: { id: session.id } }))
  session.release()
}

/**
 * Records a write of a state with a `ttl`, so that it resets that long after. A state has one timer
 * at a time, however often it is written: when it falls due, it moves on if the state was written since.
 */
export function stateWritten(core: AppCore, session: Session, name: string, now = Date.now()): void {
  const ttl = session.graph.ttls.get(name)
  if (ttl === undefined) return
  const timed = session.writtenAt.has(name)
  session.writtenAt.set(name, now)
  if (!timed) core.timers.push({ session: session.id, name }, now + ttl * 1000)
}

/**
 * Ends the sessions whose page has been gone longer than `closedTtl`, and resets the states whose
 * `ttl` ran out. It looks only at what is due, so its cost follows what expires, not how many
 * sessions there are.
 */
export async function sweep(core: AppCore, now = Date.now()): Promise<void> {
  const ended: Promise<void>[] = []
  for (const { item: session, start } of core.closed.takeDue(now)) {
    if (session.closedAt === start) ended.push(endSession(core, session))
  }
  for (const { item: timer } of core.timers.takeDue(now)) {
    const session = core.sessions.get(timer.session)
    const writtenAt = session?.writtenAt.get(timer.name)
    if (!session || writtenAt === undefined) continue
    const { name } = timer
    const ttl = session.graph.ttls.get(name)
    // The page declares the state again without a ttl (its app changed): it no longer resets.
    if (ttl === undefined) {
      session.writtenAt.delete(name)
      continue
    }
    const dueAt = writtenAt + ttl * 1000
    if (dueAt > now) core.timers.push(timer, dueAt) // written since: not due yet
    // On a shared store, a session whose page is not here may run on another instance now: its copy here resets nothing.
    else if (core.shared && !session.socket) core.timers.push(timer, now + ttl * 1000)
    else session.enqueue(() => resetState(core, session, name, writtenAt))
  }
  if (core.shared) ended.push(sweepShared(core, core.shared, now).catch((error: unknown) => core.log.error('[g-kit] the sweep of the shared store failed:', error)))
  await Promise.all(ended)
}

// --- internal ---

/** A state's `ttl` ran out: back to its default, `onDelete` on the old value, and the page hears `change`. */
async function resetState(core: AppCore, session: Session, name: string, writtenAt: number): Promise<void> {
  if (session.ended) return
  const lastWrite = session.writtenAt.get(name)
  if (lastWrite === undefined) return
  if (lastWrite !== writtenAt) {
    // Written again while the reset waited in the session's queue: its timer starts over (if it still has a ttl).
    const ttl = session.graph.ttls.get(name)
    if (ttl !== undefined) core.timers.push({ session: session.id, name }, lastWrite + ttl * 1000)
    return
  }
  session.writtenAt.delete(name)
  let old: unknown
  if (session.local.has(name)) {
    old = session.local.get(name)
    session.local.delete(name)
  } else {
    const states = await core.store.load(session.id)
    if (!states?.has(name)) return
    old = states.get(name)
    await core.store.save(session.id, new Map(), [name])
  }
  await onDelete(core, session, name, old)
  const declared = core.states.get(name)
  if (declared?.private) return
  // The page hears the change, unless the default (when it is not a factory's, which may differ each time) equals the old value.
  if (typeof declared?.value === 'function' || !equal(old, defaultState(session, name))) session.post({ t: 'changed', names: [name] })
}

async function onDelete(core: AppCore, session: Session, name: string, value: unknown): Promise<void> {
  const callback = core.states.get(name)?.onDelete
  if (callback) await guard(core, `onDelete of state '${name}' in session ${session.id}`, () => callback(value))
}

/** Runs a callback of the app's: one that throws or rejects is logged with `what`, and the caller goes on. */
export async function guard(core: AppCore, what: string, f: () => unknown): Promise<void> {
  try {
    await f()
  } catch (error) {
    core.log.error(`[g-kit] ${what} threw:`, error)
  }
}

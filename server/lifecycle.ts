import type { AppCore } from './core.js'
import type { Session } from './session.js'

/**
 * Ends a session for good: each state's `onDelete` with its last value, then every `onUnload`
 * handler. A callback that throws is logged with the session and the state's name; the others
 * still run.
 */
export async function endSession(core: AppCore, session: Session): Promise<void> {
  core.sessions.delete(session.id)
  session.abortAll()
  const stored = (await core.store.delete(session.id).catch((error) => void core.log.error(`[g-kit] session ${session.id}: store delete failed`, error))) ?? new Map()
  const values = new Map([...stored, ...session.local])
  for (const [name, value] of values) {
    const onDelete = core.states.get(name)?.onDelete
    if (onDelete) await guard(core, `onDelete of state '${name}' in session ${session.id}`, () => onDelete(value))
  }
  for (const unload of core.unloads) await guard(core, `onUnload in session ${session.id}`, () => unload({ session: { id: session.id } }))
}

/** Ends the sessions whose page has been gone longer than `closedTtl`. */
export async function sweepSessions(core: AppCore, now = Date.now()): Promise<void> {
  const limit = now - core.options.closedTtl * 1000
  for (const session of [...core.sessions.values()]) {
    if (session.closedAt !== undefined && session.closedAt <= limit) await endSession(core, session)
  }
}

async function guard(core: AppCore, what: string, f: () => unknown): Promise<void> {
  try {
    await f()
  } catch (error) {
    core.log.error(`[g-kit] ${what} threw:`, error)
  }
}

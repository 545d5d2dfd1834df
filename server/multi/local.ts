import type { AppCore } from '../core.js'
import type { Session } from '../session/session.js'
import { guard } from '../session/lifecycle.js'

/**
 * Lets go of this instance's copy of a session that lives on in the shared store: its socket is
 * closed (the page reconnects, to any instance, and resumes it), its events here stop, and its
 * private states (which never leave a process) get their `onDelete`. Its stored states, its record
 * and `onUnload` are the business of whichever instance ends it for good (see `sweepShared`).
 */
export async function dropLocal(core: AppCore, session: Session): Promise<void> {
  if (core.sessions.get(session.id) === session) core.sessions.delete(session.id)
  core.shared?.leases.release(session.id)
  if (session.ended) return
  session.ended = true
  session.abortAll()
  session.disconnect()
  core.timers.discard(session.writtenAt.size, (timer) => core.sessions.has(timer.session))
  for (const [name, value] of session.local) {
    const onDelete = core.states.get(name)?.onDelete
    if (onDelete) await guard(core, `onDelete of state '${name}' in session ${session.id}`, () => onDelete(value))
  }
  session.release()
}

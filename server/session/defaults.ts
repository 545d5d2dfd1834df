import type { Session } from './session.js'
import { copyState } from '../run/values.js'
import { stateWritten } from './lifecycle.js'

/** A private state's object in `session`, made by its factory (or copied from its default) on first use. */
export function privateState(session: Session, name: string): unknown {
  if (!session.local.has(name)) {
    const value = session.core.states.get(name)?.value
    session.local.set(name, typeof value === 'function' ? value({ id: session.id }) : copyState(name, value))
    stateWritten(session.core, session, name)
  }
  return session.local.get(name)
}

/** A state's default for `session`: the server's declaration wins over the page's. */
export function defaultState(session: Session, name: string): unknown {
  const declared = session.core.states.get(name)
  if (typeof declared?.value === 'function') return declared.value({ id: session.id })
  // A server declaration without `value` (only `ttl` or `onDelete`, say) keeps the page's default.
  const value = declared && 'value' in declared ? declared.value : session.graph.pageDefaults.get(name)
  return copyState(name, value ?? null)
}

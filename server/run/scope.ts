import type { EventMessage } from '../protocol.js'
import type { EventControl, Session } from '../session/session.js'
import { defaultState } from '../session/defaults.js'

/** What one originating event works on while its listeners run. */
export interface EventScope {
  session: Session
  msg: EventMessage
  /** The values of controls as this event knows them: the page's, then what listeners wrote. */
  controls: Map<string, unknown>
  /** The session's stored states (read-only here; writes go through {@link saveStates}). */
  states: Map<string, unknown>
  /** Defaults made during this event and not stored yet (see {@link storeFresh}). */
  fresh?: Map<string, unknown>
  /** Browser states opened so far in this event. */
  browser?: Map<string, Opened>
  control: EventControl
}

/** A browser state's value; `stale` when its token was sealed with an older secret. */
export interface Opened {
  value: unknown
  stale: boolean
}

/** A state's value: stored, or its default, made at first use in the session (see {@link storeFresh}). */
export function stateValue(scope: EventScope, name: string): unknown {
  if (scope.states.has(name)) return scope.states.get(name)
  const fresh = (scope.fresh ??= new Map())
  if (!fresh.has(name)) fresh.set(name, defaultState(scope.session, name))
  return fresh.get(name)
}

/**
 * Stores the defaults made so far, so that a factory runs once per session whatever follows,
 * together with `changes` (later, so they win) in one write to the store.
 */
export function storeFresh(scope: EventScope, changes?: Map<string, unknown>): void | Promise<void> {
  const fresh = scope.fresh
  scope.fresh = undefined
  const all = fresh?.size ? (changes ? new Map([...fresh, ...changes]) : fresh) : changes
  if (all?.size) return saveStates(scope, all)
}

/** Saves states to the store (at once with the memory store, which answers without a promise). */
export function saveStates(scope: EventScope, changes: Map<string, unknown>): void | Promise<void> {
  const saved = scope.session.core.store.save(scope.session.id, changes)
  for (const [name, value] of changes) scope.states.set(name, value)
  return saved
}

import type { ListenerSpec } from '../protocol.js'
import type { AppFunction } from '../core.js'
import type { Session } from '../session/session.js'
import type { NameKind } from './graph.js'
import { chatProblem, chatTurn } from './chat.js'
import { defaultState } from '../session/defaults.js'

/**
 * Functions the kit's own elements call, which no app declares. `g-kit.reset` gives its outputs
 * (session states) their defaults: `<g-interface>`'s Clear. Names starting `g-kit.` are the
 * kit's: `app.fn` cannot take them (they hold a dot), and no page can pass them anything.
 */
export const RESET = 'g-kit.reset'

/** Whether `fn` names a built-in function. */
export function isBuiltin(fn: string): boolean {
  return fn === RESET
}

/** Why a listener cannot call its built-in function or its chat adapter as it lists them, if it cannot. */
export function builtinProblem(l: ListenerSpec & { fn: string }, kinds: ReadonlyMap<string, NameKind>): string | undefined {
  if (l.via === 'chat') return chatProblem(l, kinds)
  if (l.fn !== RESET) return undefined
  if (l.inputs.length) return `'${RESET}' takes no inputs`
  const other = l.outputs.find((name) => kinds.get(name) !== 'state')
  return other === undefined ? undefined : `'${RESET}' resets session states only, and '${other}' is not one`
}

/** The function a listener calls: a built-in, the app's function behind the chat adapter, or the app's function itself. */
export function functionFor(session: Session, l: ListenerSpec, own: AppFunction | undefined): AppFunction {
  if (l.fn === RESET) return () => (l.outputs.length === 1 ? defaultState(session, l.outputs[0]!) : l.outputs.map((name) => defaultState(session, name)))
  if (l.via === 'chat') return (...args: unknown[]) => chatTurn(own!, args)
  return own!
}

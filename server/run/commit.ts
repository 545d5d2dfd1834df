import type { ListenerSpec, OutputProps, UpdateMessage } from '../protocol.js'
import type { Peer } from 'crossws'
import type { Step } from './context.js'
import { stateValue, storeFresh, type EventScope } from './scope.js'
import { browserJson, writeBrowser } from '../browser/browser.js'
import { writeGlobal } from '../shared/globals.js'
import { stateWritten } from '../session/lifecycle.js'
import { assertSendable, spreadOutputs } from './outputs.js'
import { copyState, equal } from './values.js'
import { checkShown } from './mistakes.js'
import { sendValue } from './deltas.js'

/** Writes one step's outputs and `ctx.session.set` calls; nothing is written unless all of it fits. */
export async function commit(scope: EventScope, l: ListenerSpec, result: unknown, step: Step): Promise<void> {
  if (!l.outputs.length && !step.pending) {
    // Nothing to write but the defaults the run made (through ctx.session.get).
    const stored = storeFresh(scope)
    if (stored) await stored
    return
  }
  const { session, controls } = scope
  const { kinds } = session.graph
  const writes = spreadOutputs(result, l.outputs, l.fn!)
  // A chat turn's messages were checked and made its own as they came (server/run/chat.ts): a growing
  // reply is neither serialized nor copied again per chunk.
  for (const [name, write] of writes) if (kinds.get(name) === 'control' && l.via !== 'chat') {
    if (write.hasValue) assertSendable(write.value, name, l.fn!)
    if (write.props) assertSendable(write.props, name, l.fn!)
  }
  // Checked before anything is written, so that a value too large writes nothing.
  const jsons = new Map<string, string>()
  for (const [name, write] of writes) {
    if (!write.hasValue) continue
    const kind = kinds.get(name)
    if (kind === 'browser') jsons.set(name, browserJson(scope, name, write.value))
    else if (kind === 'control') checkShown(scope, l, name, write.value)
  }
  let states: Map<string, unknown> | undefined
  let others: Array<[string, unknown]> | undefined
  const written: string[] = []
  const update: UpdateMessage = { t: 'update', e: scope.msg.id, l: l.id }
  // What this step changed in place, undone if a later part of it throws: nothing is written unless all of it is.
  const undo: Array<() => void> = []
  const stage = (name: string, value: unknown) => {
    written.push(name)
    if (session.core.states.get(name)?.private) {
      const had = session.local.has(name)
      const before = session.local.get(name)
      undo.push(() => (had ? session.local.set(name, before) : session.local.delete(name)))
      session.local.set(name, value)
    } else if (l.via === 'chat' || !equal(stateValue(scope, name), value)) (states ??= new Map()).set(name, isClaimed(step, value) || l.via === 'chat' ? value : copyState(name, value))
  }
  try {
    if (step.pending) for (const [name, value] of step.pending) stage(name, value)
    step.pending = undefined
    for (const [name, write] of writes) {
      const kind = kinds.get(name)
      if (kind === 'control') {
        // Null-prototype maps: a control may be named `__proto__`.
        if (write.hasValue && !(controls.has(name) && equal(controls.get(name), write.value))) {
          const had = controls.has(name)
          const before = controls.get(name)
          const wasChanged = step.changed?.has(name) === true
          undo.push(() => {
            if (had) controls.set(name, before)
            else controls.delete(name)
            if (!wasChanged) step.changed?.delete(name)
          })
          sendValue(update, l, name, before, write.value)
          controls.set(name, write.value)
          ;(step.changed ??= new Set()).add(name)
        }
        if (write.props) (update.props ??= Object.create(null) as Record<string, OutputProps>)[name] = write.props
      } else if (write.hasValue) {
        if (kind === 'state') stage(name, write.value)
        else (others ??= []).push([name, write.value])
      }
    }
    for (const [name, value] of others ?? []) {
      if (kinds.get(name) === 'browser') await writeBrowser(scope, name, value, jsons.get(name)!, update, (step.changed ??= new Set()))
    }
    const saved = storeFresh(scope, states)
    if (saved) await saved
  } catch (error) {
    for (const revert of undo.reverse()) revert()
    throw error
  }
  if (states) {
    update.changed = [...states.keys()]
    for (const name of update.changed) (step.changed ??= new Set()).add(name)
  }
  for (const name of written) stateWritten(session.core, session, name)
  for (const [name, value] of others ?? []) {
    if (kinds.get(name) !== 'global' || !writeGlobal(session.core, name, value, session.socket as Peer | undefined)) continue
    ;(step.changed ??= new Set()).add(name)
    ;(update.changed ??= []).push(name)
  }
  if (update.values || update.append || update.props || update.changed || update.resealed) session.post(update)
}

/** Whether `value` is one of the run's own copies (or a primitive): stored as it is. */
function isClaimed(step: Step, value: unknown): boolean {
  return typeof value !== 'object' || value === null || step.claimed.includes(value)
}

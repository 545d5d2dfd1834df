import type { ListenerSpec, OutputProps, UpdateMessage } from '../protocol.js'
import type { Peer } from 'crossws'
import type { Step } from './context.js'
import { stateValue, storeFresh, type EventScope } from './scope.js'
import { browserJson, writeBrowser } from '../browser/browser.js'
import { writeGlobal } from '../shared/globals.js'
import { stateWritten } from '../session/lifecycle.js'
import { assertSendable, spreadOutputs, type OutputWrite } from './outputs.js'
import { copyState, equal } from './values.js'
import { checkShown } from './mistakes.js'
import { appendOf, sendValue } from './deltas.js'

/**
 * Writes one step's outputs and `ctx.session.set` calls; nothing is written unless all of it fits.
 * Returns a promise only when a write waits (a browser state's sealing, a store that answers later).
 */
export function commit(scope: EventScope, l: ListenerSpec, result: unknown, step: Step): void | Promise<void> {
  // Nothing to write but the defaults the run made (through ctx.session.get).
  if (!l.outputs.length && !step.pending) return storeFresh(scope)
  const { kinds } = scope.session.graph
  const { outputs } = l
  const writes = spreadOutputs(result, outputs, l.fn!)
  let jsons: Map<string, string> | undefined
  for (let i = 0; i < writes.length; i++) {
    const name = outputs[i]!
    const write = writes[i]!
    const kind = kinds.get(name)
    // A chat turn's messages were checked and made its own as they came (server/run/chat.ts): a growing
    // reply is neither serialized nor copied again per chunk.
    if (kind === 'control' && l.via !== 'chat') {
      if (write.hasValue) assertSendable(write.value, name, l.fn!)
      if (write.props) assertSendable(write.props, name, l.fn!)
    }
  }
  // Checked before anything is written, so that a value too large writes nothing.
  for (let i = 0; i < writes.length; i++) {
    const name = outputs[i]!
    const write = writes[i]!
    if (!write.hasValue) continue
    const kind = kinds.get(name)
    if (kind === 'browser') (jsons ??= new Map()).set(name, browserJson(scope, name, write.value))
    else if (kind === 'control') checkShown(scope, l, name, write.value)
  }
  const staged = new Staged(scope, l, step)
  let writing: void | Promise<void>
  try {
    if (step.pending) for (const [name, value] of step.pending) staged.state(name, value)
    step.pending = undefined
    for (let i = 0; i < writes.length; i++) staged.output(outputs[i]!, writes[i]!)
    writing = jsons ? staged.writeBrowsers(jsons) : storeFresh(scope, staged.states)
  } catch (error) {
    staged.undo()
    throw error
  }
  if (!writing) return staged.done()
  return writing.then(
    () => staged.done(),
    (error: unknown) => {
      staged.undo()
      throw error
    },
  )
}

// --- internal ---

/** One step's writes as they are staged: what changed in place is undone if a later part of the step throws. */
class Staged {
  /** The session states whose value changes, to store. */
  states?: Map<string, unknown>
  /** Browser states and globals, written after the rest. */
  others?: Array<[string, unknown]>
  /** The session states written, private ones included. */
  written?: string[]
  readonly update: UpdateMessage
  #undo?: Array<() => void>

  constructor(
    readonly scope: EventScope,
    readonly l: ListenerSpec,
    readonly step: Step,
  ) {
    this.update = { t: 'update', e: scope.msg.id, l: l.id }
  }

  /** Stages a session state's new value (a private one is set at once, and undone if need be). */
  state(name: string, value: unknown): void {
    const { scope, l, step } = this
    const { session } = scope
    ;(this.written ??= []).push(name)
    if (session.core.states.get(name)?.private) {
      const had = session.local.has(name)
      const before = session.local.get(name)
      this.#onUndo(() => (had ? session.local.set(name, before) : session.local.delete(name)))
      session.local.set(name, value)
    } else if (l.via === 'chat' || !equal(stateValue(scope, name), value)) {
      ;(this.states ??= new Map()).set(name, isClaimed(step, value) || l.via === 'chat' ? value : copyState(name, value))
    }
  }

  /** Stages one output's write: a control's value is set at once (and undone if need be). */
  output(name: string, write: OutputWrite): void {
    const { scope, l, step, update } = this
    const { controls } = scope
    const kind = scope.session.graph.kinds.get(name)
    if (kind === 'control') {
      const had = controls.has(name)
      const before = controls.get(name)
      // A chat's reply that grew says so itself: the history is compared deeply only when it did not grow.
      const append = write.hasValue && had && l.via === 'chat' ? appendOf(before, write.value) : undefined
      // Null-prototype maps: a control may be named `__proto__`.
      if (write.hasValue && (append || !(had && equal(before, write.value)))) {
        const wasChanged = step.changed?.has(name) === true
        this.#onUndo(() => {
          if (had) controls.set(name, before)
          else controls.delete(name)
          if (!wasChanged) step.changed?.delete(name)
        })
        sendValue(update, name, write.value, append)
        controls.set(name, write.value)
        ;(step.changed ??= new Set()).add(name)
      }
      if (write.props) (update.props ??= Object.create(null) as Record<string, OutputProps>)[name] = write.props
    } else if (write.hasValue) {
      if (kind === 'state') this.state(name, write.value)
      else (this.others ??= []).push([name, write.value])
    }
  }

  /** Writes the browser states (their JSON checked already), then stores the session states. */
  async writeBrowsers(jsons: Map<string, string>): Promise<void> {
    const { scope, step, update } = this
    for (const [name, value] of this.others ?? []) {
      if (scope.session.graph.kinds.get(name) === 'browser') await writeBrowser(scope, name, value, jsons.get(name)!, update, (step.changed ??= new Set()))
    }
    await storeFresh(scope, this.states)
  }

  undo(): void {
    for (const revert of (this.#undo ?? []).reverse()) revert()
  }

  /** Everything is written: the names that changed are noted, globals written, and the page gets the update. */
  done(): void {
    const { scope, step, update, states } = this
    const { session } = scope
    if (states) {
      // A chat's history, once named in its turn, is not named again: the page gathers the names per event, and a chunk carries its text only.
      const names = (step.changed ??= new Set())
      const chat = this.l.via === 'chat'
      for (const name of states.keys()) {
        if (chat && names.has(name)) continue
        names.add(name)
        ;(update.changed ??= []).push(name)
      }
    }
    // Only states with a `ttl` note their writes (most pages have none: no clock is read for them).
    if (this.written && session.graph.ttls.size) for (const name of this.written) stateWritten(session.core, session, name)
    if (this.others) for (const [name, value] of this.others) {
      if (session.graph.kinds.get(name) !== 'global' || !writeGlobal(session.core, name, value, session.socket as Peer | undefined)) continue
      ;(step.changed ??= new Set()).add(name)
      ;(update.changed ??= []).push(name)
    }
    if (update.values || update.append || update.props || update.changed || update.resealed) session.post(update)
  }

  #onUndo(revert: () => void): void {
    ;(this.#undo ??= []).push(revert)
  }
}

/** Whether `value` is one of the run's own copies (or a primitive): stored as it is. */
function isClaimed(step: Step, value: unknown): boolean {
  return typeof value !== 'object' || value === null || step.claimed?.includes(value) === true
}

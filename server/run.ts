import type { EventMessage, ListenerSpec, OutputProps, UpdateMessage } from './protocol.js'
import type { EventControl, Session } from './session.js'
import { makeContext } from './context.js'
import { saveStates, stateValue, storeFresh, type EventScope } from './scope.js'
import { browserJson, browserValue, writeBrowser } from './browser.js'
import { withGlobals, writeGlobal } from './globals.js'
import { LazyAbort } from './abort.js'
import type { Peer } from 'crossws'
import { describeListener } from './graph.js'
import { stateWritten } from './lifecycle.js'
import { GError, spreadOutputs } from './outputs.js'
import { copy, copyState, equal, isGenerator, isPromiseLike } from './values.js'

/** How a listener's run ended. */
type Outcome = 'success' | 'failure' | 'cancelled'

/**
 * Runs one event from the page: every listener of its trigger, then the listeners that follow
 * them (`name.then`/`.success`/`.failure`, and `name.change` for states and controls whose value
 * really changed), until none is left. Each listener runs at most once per event, and only after
 * every waiting listener that could still trigger it, so it sees their results. Results go to the
 * page as they come.
 */
export async function runEvent(session: Session, msg: EventMessage, control: EventControl): Promise<void> {
  const first = session.graph.byTrigger.get(msg.trigger)
  if (!first) {
    session.post({ t: 'error', e: msg.id, message: `nothing in the app listens to '${msg.trigger}'` })
    return
  }
  const scope: EventScope = {
    session,
    msg,
    controls: new Map(Object.entries(msg.values)),
    states: (await session.core.store.load(session.id)) ?? new Map(),
    fresh: new Map(),
    browser: new Map(),
    control,
  }
  const waiting = [...first]
  const ran = new Set<ListenerSpec>()
  while (waiting.length) {
    const ready = waiting.findIndex((l) => !waiting.some((other) => other !== l && session.graph.followers(other).has(l)))
    const listener = waiting.splice(Math.max(ready, 0), 1)[0]!
    ran.add(listener)
    const { outcome, changed } = await runListener(scope, listener)
    const follow = [...changed].map((name) => `${name}.change`)
    if (listener.name) follow.push(`${listener.name}.then`, ...(outcome === 'cancelled' ? [] : [`${listener.name}.${outcome}`]))
    for (const trigger of follow) {
      for (const next of session.graph.byTrigger.get(trigger) ?? []) {
        if (!ran.has(next) && !waiting.includes(next)) waiting.push(next)
      }
    }
  }
  await storeFresh(scope)
  session.post({ t: 'done', e: msg.id })
}

// --- internal ---

/** Runs one listener's function and commits what it returns or yields. */
async function runListener(scope: EventScope, l: ListenerSpec): Promise<{ outcome: Outcome; changed: Set<string> }> {
  const { session, msg, control } = scope
  const changed = new Set<string>()
  const end = (outcome: Outcome, error?: string) => {
    control.active = undefined
    session.post({ t: 'end', e: msg.id, l: l.id, ok: outcome === 'success', ...(outcome === 'cancelled' && { cancelled: true }), ...(error !== undefined && { error }) })
    return { outcome, changed }
  }
  const problem = session.graph.problems.get(l.id)
  if (problem) return end('failure', problem)
  if (!l.fn) return end('success')
  if (control.ending.aborted || (l.name !== undefined && control.cancelled?.has(l.name))) return end('cancelled')
  const globals = [...l.inputs, ...l.outputs].filter((name) => session.graph.kinds.get(name) === 'global')
  const call = () => callFunction(scope, l, changed)
  const { outcome, error } = globals.length ? await withGlobals(session.core, globals, call) : await call()
  return end(outcome, error)
}

/** Calls a listener's function and commits what it returns or yields. */
async function callFunction(scope: EventScope, l: ListenerSpec, changed: Set<string>): Promise<{ outcome: Outcome; error?: string }> {
  const { session, control } = scope
  const own = new LazyAbort()
  control.active = { name: l.name, abort: own }
  const aborts = [control.ending, own]
  const pending = new Map<string, unknown>()
  let owned = new WeakSet<object>()
  let result: unknown
  try {
    const args = []
    for (const name of l.inputs) args.push(claim(owned, await readInput(scope, name)))
    await storeFresh(scope)
    result = session.core.fns.get(l.fn!)!(...args, makeContext(scope, l, pending, aborts))
    if (isPromiseLike(result)) {
      session.flush()
      result = await untilAborted(result, aborts)
    }
    if (!isGenerator(result)) {
      await commit(scope, l, result, pending, owned, changed)
      return { outcome: 'success' }
    }
    // A generator goes on with the objects it yields: store copies, never what it holds.
    owned = new WeakSet()
    for (;;) {
      const step = await untilAborted(result.next(), aborts)
      if (step.done && step.value === undefined) break
      await commit(scope, l, step.value, pending, owned, changed)
      if (step.done) break
      session.flush()
    }
    return { outcome: 'success' }
  } catch (error) {
    if (isGenerator(result)) void Promise.resolve(result.return?.(undefined)).catch(() => {})
    return error === CANCELLED ? { outcome: 'cancelled' } : { outcome: 'failure', error: errorMessage(session, l, error) }
  } finally {
    control.active = undefined
  }
}

async function readInput(scope: EventScope, name: string): Promise<unknown> {
  const kind = scope.session.graph.kinds.get(name)
  if (kind === 'state') return copyState(name, stateValue(scope, name))
  if (kind === 'browser') return copy((await browserValue(scope, name)).value)
  if (kind === 'global') return copy(scope.session.core.globals.get(name)!.value)
  return copy(scope.controls.get(name))
}

/** Writes one step's outputs and `ctx.session.set` calls; nothing is written unless all of it fits. */
async function commit(
  scope: EventScope,
  l: ListenerSpec,
  result: unknown,
  pending: Map<string, unknown>,
  owned: WeakSet<object>,
  changed: Set<string>,
): Promise<void> {
  const { session, controls } = scope
  const writes = spreadOutputs(result, l.outputs, l.fn!)
  const states = new Map<string, unknown>()
  const written: string[] = []
  const update: UpdateMessage = { t: 'update', e: scope.msg.id, l: l.id }
  const stage = (name: string, value: unknown) => {
    written.push(name)
    if (session.core.states.get(name)?.private) session.local.set(name, value)
    else if (!equal(stateValue(scope, name), value)) states.set(name, isOwned(owned, value) ? value : copyState(name, value))
  }
  for (const [name, value] of pending) stage(name, value)
  pending.clear()
  const browser: Array<[string, unknown]> = []
  const globals: Array<[string, unknown]> = []
  // Checked before anything is written, so that a value too large writes nothing.
  for (const [name, write] of writes) if (write.hasValue && session.graph.kinds.get(name) === 'browser') browserJson(scope, name, write.value)
  for (const [name, write] of writes) {
    const kind = session.graph.kinds.get(name)
    if (kind === 'state' || kind === 'browser' || kind === 'global') {
      if (!write.hasValue) continue
      if (kind === 'state') stage(name, write.value)
      else (kind === 'browser' ? browser : globals).push([name, write.value])
      continue
    }
    // Null-prototype maps: a control may be named `__proto__`.
    if (write.hasValue && !(controls.has(name) && equal(controls.get(name), write.value))) {
      controls.set(name, write.value)
      ;(update.values ??= Object.create(null) as Record<string, unknown>)[name] = write.value
      changed.add(name)
    }
    if (write.props) (update.props ??= Object.create(null) as Record<string, OutputProps>)[name] = write.props
  }
  for (const [name, value] of browser) await writeBrowser(scope, name, value, update, changed)
  await storeFresh(scope)
  if (states.size) {
    await saveStates(scope, states)
    update.changed = [...states.keys()]
    for (const name of states.keys()) changed.add(name)
  }
  for (const name of written) stateWritten(session.core, session, name)
  for (const [name, value] of globals) {
    if (!writeGlobal(session.core, name, value, session.socket as Peer | undefined)) continue
    changed.add(name)
    ;(update.changed ??= []).push(name)
  }
  if (update.values || update.props || update.changed || update.resealed) session.post(update)
}

/** What the user sees of an error: a GError's message; otherwise a generic one, the details logged. */
function errorMessage(session: Session, l: ListenerSpec, error: unknown): string {
  if (error instanceof GError) return error.message
  session.core.log.error(`[g-kit] ${describeListener(l)} failed in session ${session.id}:`, error)
  return `${describeListener(l)} failed: an error on the server (details are in its log)`
}

const CANCELLED = Symbol('cancelled')

/** Resolves as `promise` does, or rejects with {@link CANCELLED} as soon as one of `aborts` aborts. */
function untilAborted<T>(promise: T | PromiseLike<T>, aborts: readonly LazyAbort[]): Promise<T> {
  if (aborts.some((abort) => abort.aborted)) return Promise.reject(CANCELLED)
  return new Promise<T>((resolve, reject) => {
    const stops = aborts.map((abort) => abort.subscribe(() => reject(CANCELLED)))
    Promise.resolve(promise)
      .then(resolve, reject)
      .finally(() => stops.forEach((stop) => stop()))
  })
}

function claim(owned: WeakSet<object>, value: unknown): unknown {
  if (typeof value === 'object' && value !== null) owned.add(value)
  return value
}

function isOwned(owned: WeakSet<object>, value: unknown): boolean {
  return typeof value !== 'object' || value === null || owned.has(value)
}

import type { EventMessage, ListenerSpec, UpdateMessage } from './protocol.js'
import type { Session } from './session.js'
import type { FnContext } from './context.js'
import { describeListener } from './graph.js'
import { GError, spreadOutputs } from './outputs.js'
import { copy, copyState, equal, isGenerator, isPromiseLike } from './values.js'

/** Listener runs allowed in one originating event before it is taken for a loop. */
const MAX_RUNS = 200

/** What one originating event works on while its listeners run. */
interface EventScope {
  session: Session
  msg: EventMessage
  /** The values of controls as this event knows them: the page's, then what listeners wrote. */
  controls: Map<string, unknown>
  /** The session's stored states (read-only here; writes go through {@link saveStates}). */
  states: Map<string, unknown>
  signal: AbortSignal
}

/**
 * Runs one event from the page: every listener of its trigger, then, once each, the listeners
 * that follow them (`name.then`/`.success`/`.failure`, and `state.change` for states whose value
 * really changed), until none is left. Results go to the page as they come.
 */
export async function runEvent(session: Session, msg: EventMessage, signal: AbortSignal): Promise<void> {
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
    signal,
  }
  const queue = [...first]
  const queued = new Set(queue)
  for (let runs = 0; queue.length; runs++) {
    if (runs === MAX_RUNS) {
      session.post({ t: 'error', e: msg.id, message: `listeners kept triggering each other (${MAX_RUNS} runs in one event): look for a loop of change triggers` })
      break
    }
    const listener = queue.shift()!
    queued.delete(listener)
    const { ok, changed } = await runListener(scope, listener)
    const follow = [...changed].map((name) => `${name}.change`)
    if (listener.name) follow.push(`${listener.name}.then`, `${listener.name}.${ok ? 'success' : 'failure'}`)
    for (const trigger of follow) {
      for (const next of session.graph.byTrigger.get(trigger) ?? []) {
        if (!queued.has(next)) queued.add(next) && queue.push(next)
      }
    }
  }
  session.post({ t: 'done', e: msg.id })
}

// --- internal ---

/** Runs one listener's function and commits what it returns or yields. */
async function runListener(scope: EventScope, l: ListenerSpec): Promise<{ ok: boolean; changed: Set<string> }> {
  const { session, msg } = scope
  const changed = new Set<string>()
  const end = (ok: boolean, error?: string) => {
    session.post(error === undefined ? { t: 'end', e: msg.id, l: l.id, ok } : { t: 'end', e: msg.id, l: l.id, ok, error })
    return { ok, changed }
  }
  const problem = session.graph.problems.get(l.id)
  if (problem) return end(false, problem)
  if (!l.fn) return end(true)
  if (scope.signal.aborted) return end(false, 'cancelled')

  const pending = new Map<string, unknown>()
  let result: unknown
  const owned = new WeakSet<object>()
  session.activeListener = l.name
  try {
    const args = []
    for (const name of l.inputs) args.push(own(owned, await readInput(scope, name)))
    result = session.core.fns.get(l.fn)!(...args, makeContext(scope, l, pending))
    if (isPromiseLike(result)) {
      session.flush()
      result = await untilAborted(result, scope.signal)
    }
    if (!isGenerator(result)) {
      await commit(scope, l, result, pending, owned, changed)
      return end(true)
    }
    for (;;) {
      const step = await untilAborted(result.next(), scope.signal)
      if (step.done && step.value === undefined) break
      await commit(scope, l, step.value, pending, owned, changed)
      if (step.done) break
      session.flush()
    }
    return end(true)
  } catch (error) {
    if (isGenerator(result)) void Promise.resolve(result.return?.(undefined)).catch(() => {})
    return end(false, error === CANCELLED ? 'cancelled' : errorMessage(session, l, error))
  }
}

async function readInput(scope: EventScope, name: string): Promise<unknown> {
  if (scope.session.graph.kinds.get(name) === 'state') return copyState(name, await stateValue(scope, name))
  return copy(scope.controls.get(name))
}

/** A stored state, or its default, stored at first use so that a factory runs once per session. */
async function stateValue(scope: EventScope, name: string): Promise<unknown> {
  if (scope.states.has(name)) return scope.states.get(name)
  const value = scope.session.defaultState(name)
  await saveStates(scope, new Map([[name, value]]))
  return value
}

async function saveStates(scope: EventScope, changes: Map<string, unknown>): Promise<void> {
  await scope.session.core.store.save(scope.session.id, changes)
  for (const [name, value] of changes) scope.states.set(name, value)
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
  const update: UpdateMessage = { t: 'update', e: scope.msg.id, l: l.id }
  const stage = async (name: string, value: unknown) => {
    if (session.core.states.get(name)?.private) return void session.local.set(name, value)
    if (!equal(await stateValue(scope, name), value)) states.set(name, isOwned(owned, value) ? value : copyState(name, value))
  }
  for (const [name, value] of pending) await stage(name, value)
  pending.clear()
  for (const [name, write] of writes) {
    if (session.graph.kinds.get(name) === 'state') {
      if (write.hasValue) await stage(name, write.value)
      continue
    }
    if (write.hasValue && !(controls.has(name) && equal(controls.get(name), write.value))) {
      controls.set(name, write.value)
      ;(update.values ??= {})[name] = write.value
      changed.add(name)
    }
    if (write.props) (update.props ??= {})[name] = write.props
  }
  if (states.size) {
    await saveStates(scope, states)
    update.changed = [...states.keys()]
    for (const name of states.keys()) changed.add(name)
  }
  if (update.values || update.props || update.changed) session.post(update)
}

function makeContext(scope: EventScope, l: ListenerSpec, pending: Map<string, unknown>): FnContext {
  const { session, msg } = scope
  const dot = msg.trigger.lastIndexOf('.')
  const isState = (name: string) => session.graph.kinds.get(name) === 'state' || session.core.states.has(name)
  return {
    session: {
      id: session.id,
      get<T>(name: string): T {
        if (session.core.states.get(name)?.private) return session.privateState(name) as T
        if (pending.has(name)) return pending.get(name) as T
        if (!isState(name)) throw new Error(`ctx.session.get: '${name}' is not a state of this app`)
        const value = scope.states.has(name) ? scope.states.get(name) : session.defaultState(name)
        return copyState(name, value) as T
      },
      set(name: string, value: unknown): void {
        if (!isState(name)) throw new Error(`ctx.session.set: '${name}' is not a state of this app`)
        pending.set(name, value)
      },
    },
    event: {
      source: dot > 0 ? msg.trigger.slice(0, dot) : undefined,
      trigger: dot > 0 ? msg.trigger.slice(dot + 1) : msg.trigger,
      value: msg.data,
      listener: l.name,
    },
    request: session.request,
    signal: scope.signal,
  }
}

/** What the user sees of an error: a GError's message; otherwise a generic one, the details logged. */
function errorMessage(session: Session, l: ListenerSpec, error: unknown): string {
  if (error instanceof GError) return error.message
  session.core.log.error(`[g-kit] ${describeListener(l)} failed in session ${session.id}:`, error)
  return `${describeListener(l)} failed: an error on the server (details are in its log)`
}

const CANCELLED = Symbol('cancelled')

/** Resolves as `promise` does, or rejects with {@link CANCELLED} as soon as `signal` aborts. */
function untilAborted<T>(promise: T | PromiseLike<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(CANCELLED)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(CANCELLED)
    signal.addEventListener('abort', onAbort, { once: true })
    Promise.resolve(promise).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

function own(owned: WeakSet<object>, value: unknown): unknown {
  if (typeof value === 'object' && value !== null) owned.add(value)
  return value
}

function isOwned(owned: WeakSet<object>, value: unknown): boolean {
  return typeof value !== 'object' || value === null || owned.has(value)
}

import type { EndMessage, EventMessage, ListenerSpec } from '../protocol.js'
import type { EventControl, Session } from '../session/session.js'
import { RunContext, type Step } from './context.js'
import { stateValue, storeFresh, type EventScope } from './scope.js'
import { browserValue } from '../browser/browser.js'
import { withGlobals } from '../shared/globals.js'
import { LazyAbort } from './abort.js'
import { describeListener, type Outcome } from './graph.js'
import { MinHeap } from './order.js'
import { commit } from './commit.js'
import { functionFor } from './builtins.js'
import { GError } from './outputs.js'
import { copy, copyState, isGenerator, isPromiseLike } from './values.js'
import { checkInputsKept } from './mistakes.js'

/**
 * Runs one event from the page: every listener of its trigger, then the listeners that follow
 * them (`name.then`/`.success`/`.failure`, and `name.change` for states and controls whose value
 * really changed), until none is left. Each listener runs at most once per event, and only after
 * every waiting listener that could still trigger it, so it sees their results. Results go to the
 * page as they come.
 */
export async function runEvent(session: Session, msg: EventMessage, control: EventControl): Promise<void> {
  const { graph, core } = session
  const first = graph.byTrigger.get(msg.trigger)
  if (!first) {
    session.post({ t: 'error', e: msg.id, message: `nothing in the app listens to '${msg.trigger}'` })
    return
  }
  const loaded = core.store.load(session.id)
  const scope: EventScope = {
    session,
    msg,
    controls: new Map(Object.entries(msg.values)),
    states: (isPromiseLike(loaded) ? await loaded : loaded) ?? new Map(),
    control,
  }
  // Waiting listeners by rank (see `rankListeners`): the first is one no other waiting listener can still lead to.
  const { rank, byRank } = graph
  const waiting = new MinHeap<number>(byNumber)
  const seen = new Set<ListenerSpec>()
  // A list of listeners is brought in once per event: the work follows the lists reached, not how often.
  const fired = new Set<readonly ListenerSpec[]>()
  const fire = (list: readonly ListenerSpec[] | undefined) => {
    if (!list || fired.has(list)) return
    fired.add(list)
    for (const l of list) if (!seen.has(l)) seen.add(l) && waiting.push(rank.get(l)!)
  }
  fire(first)
  while (waiting.size) {
    const listener = byRank[waiting.pop()!]!
    const { outcome, changed } = await runListener(scope, listener)
    if (changed) for (const name of changed) fire(graph.onChange.get(name))
    for (const list of graph.after(listener, outcome)) fire(list)
  }
  await storeFresh(scope)
  session.post({ t: 'done', e: msg.id })
}

// --- internal ---

const byNumber = (a: number, b: number) => a - b

/** What came of one listener's run: how it ended, and the names whose value it changed. */
interface Run {
  outcome: Outcome
  error?: string
  changed?: Set<string>
}

/** Runs one listener: its function (holding the locks of the globals it uses), then its end. */
async function runListener(scope: EventScope, l: ListenerSpec): Promise<Run> {
  const { session, msg, control } = scope
  const problem = session.graph.problems.get(l.id)
  let run: Run
  if (problem) run = { outcome: 'failure', error: problem }
  else if (!l.fn) run = { outcome: 'success' }
  else if (control.ending.aborted || (l.name !== undefined && control.cancelled?.has(l.name))) run = { outcome: 'cancelled' }
  else {
    const globals = session.graph.globalsOf(l)
    run = globals.length ? await withGlobals(session.core, globals, () => callFunction(scope, l)) : await callFunction(scope, l)
  }
  const end: EndMessage = { t: 'end', e: msg.id, l: l.id, ok: run.outcome === 'success' }
  if (run.outcome === 'cancelled') end.cancelled = true
  if (run.error !== undefined) end.error = run.error
  session.post(end)
  return run
}

/** Calls a listener's function and commits what it returns or yields. */
async function callFunction(scope: EventScope, l: ListenerSpec): Promise<Run> {
  const { session, control } = scope
  const own = new LazyAbort()
  control.active = { name: l.name, abort: own }
  const aborts = [control.ending, own]
  const step: Step = { changed: undefined, pending: undefined, claimed: [] }
  let result: unknown
  try {
    const args = l.inputs.map((name) => readInput(scope, name))
    for (let i = 0; i < args.length; i++) if (isPromiseLike(args[i])) args[i] = await args[i]
    for (const arg of args) claim(step, arg)
    const stored = storeFresh(scope)
    if (stored) await stored
    result = functionFor(session, l, session.core.fns.get(l.fn!))(...args, new RunContext(scope, l, step, aborts))
    if (isPromiseLike(result)) {
      session.flush()
      result = await untilAborted(result, aborts)
    }
    if (!isGenerator(result)) {
      checkInputsKept(scope, l, args, step)
      await commit(scope, l, result, step)
      return { outcome: 'success', changed: step.changed }
    }
    // A generator goes on with the objects it yields: store copies, never what it holds.
    step.claimed = []
    for (;;) {
      const next = await untilAborted(result.next(), aborts)
      checkInputsKept(scope, l, args, step)
      if (next.done && next.value === undefined) break
      await commit(scope, l, next.value, step)
      if (next.done) break
      session.flush()
    }
    return { outcome: 'success', changed: step.changed }
  } catch (error) {
    if (isGenerator(result)) closeGenerator(result)
    if (error === CANCELLED) return { outcome: 'cancelled', changed: step.changed }
    return { outcome: 'failure', error: errorMessage(session, l, error), changed: step.changed }
  } finally {
    control.active = undefined
  }
}

/** An input's value, a copy the function may change; a promise only for a browser state's token to open. */
function readInput(scope: EventScope, name: string): unknown {
  const kind = scope.session.graph.kinds.get(name)
  if (kind === 'state') return copyState(name, stateValue(scope, name))
  if (kind === 'browser') return browserValue(scope, name).then((opened) => copy(opened.value))
  if (kind === 'global') return copy(scope.session.core.globals.get(name)!.value)
  return copy(scope.controls.get(name))
}

/** How the generic message of an error that is not a GError ends: the details are in the server's log. */
const IN_THE_LOG = 'an error on the server (details are in its log)'

/** What the user sees of an error: a GError's message; otherwise a generic one, the details logged. */
function errorMessage(session: Session, l: ListenerSpec, error: unknown): string {
  if (error instanceof GError) return error.message
  session.core.log.error(`[g-kit] ${describeListener(l)} failed in session ${session.id}:`, error)
  return `${describeListener(l)} failed: ${IN_THE_LOG}`
}

/** Whether a listener's error is the generic one (not a GError's message): the APIs answer it 500, not 422. */
export function isGenericError(message: string): boolean {
  return message.endsWith(IN_THE_LOG)
}

/** Lets a generator that stopped early run its `finally`; whatever that throws is no concern of the event's. */
function closeGenerator(generator: Generator | AsyncGenerator): void {
  try {
    Promise.resolve(generator.return(undefined)).catch(() => {})
  } catch {
    // a generator running now cannot be closed: it ends when it next yields
  }
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

/** Notes an input the function got as a copy of ours: returned as it is, it is stored without another copy. */
function claim(step: Step, value: unknown): void {
  if (typeof value === 'object' && value !== null) step.claimed.push(value)
}

import type { EndMessage, EventMessage, ListenerSpec } from '../protocol.js'
import type { EventControl, Session } from '../session/session.js'
import { storeFresh, type EventScope } from './scope.js'
import { withGlobals } from '../shared/globals.js'
import type { Graph } from './graph.js'
import { MinHeap } from './order.js'
import { callFunction, type Run } from './call.js'
import { isPromiseLike } from './values.js'


/**
 * Runs one event from the page: every listener of its trigger, then the listeners that follow
 * them (`name.then`/`.success`/`.failure`, and `name.change` for states and controls whose value
 * really changed), until none is left. Each listener runs at most once per event, and only after
 * every waiting listener that could still trigger it, so it sees their results. Results go to the
 * page as they come. An event whose functions and store answer at once ends before this returns
 * (no promise); otherwise the promise resolves when it has ended.
 */
export function runEvent(session: Session, msg: EventMessage, control: EventControl): void | Promise<void> {
  const { graph, core } = session
  const first = graph.byTrigger.get(msg.trigger)
  if (!first) {
    session.post({ t: 'error', e: msg.id, message: `nothing in the app listens to '${msg.trigger}'` })
    return
  }
  const loaded = core.store.load(session.id)
  if (isPromiseLike(loaded)) return loaded.then((states) => startEvent(session, msg, control, first, states))
  return startEvent(session, msg, control, first, loaded)
}

// --- internal ---

const byNumber = (a: number, b: number) => a - b

function startEvent(session: Session, msg: EventMessage, control: EventControl, first: readonly ListenerSpec[], states: Map<string, unknown> | undefined): void | Promise<void> {
  const scope: EventScope = { session, msg, controls: new Map(Object.entries(msg.values)), states: states ?? new Map(), control }
  const waiting = new Waiting(session.graph)
  waiting.fire(first)
  return runWaiting(scope, waiting)
}


/**
 * The listeners of one event waiting to run, by rank (see `rankListeners`): the first is one that
 * no other waiting listener can still lead to.
 */
class Waiting {
  readonly #ranks = new MinHeap<number>(byNumber)
  /**
   * The listeners brought in, and the lists they came from: a list is brought in once per event, so
   * that the work follows the lists reached, not how often.
   */
  readonly #seen = new Set<ListenerSpec | readonly ListenerSpec[]>()

  constructor(readonly graph: Graph) {}

  fire(list: readonly ListenerSpec[] | undefined): void {
    if (!list || this.#seen.has(list)) return
    this.#seen.add(list)
    for (const l of list) if (!this.#seen.has(l)) this.#seen.add(l) && this.#ranks.push(this.graph.rank.get(l)!)
  }

  next(): ListenerSpec | undefined {
    return this.#ranks.size ? this.graph.byRank[this.#ranks.pop()!] : undefined
  }

  /** Brings in the listeners that follow `l`'s run. */
  ran(l: ListenerSpec, { outcome, changed }: Run): void {
    if (changed) for (const name of changed) this.fire(this.graph.onChange.get(name))
    for (const list of this.graph.after(l, outcome)) this.fire(list)
  }
}

/** Runs the waiting listeners in order, each after the one before at once when it ended at once; then the event is done. */
function runWaiting(scope: EventScope, waiting: Waiting): void | Promise<void> {
  for (;;) {
    const l = waiting.next()
    if (!l) break
    const run = runListener(scope, l)
    if (isPromiseLike(run)) return run.then((ended) => (waiting.ran(l, ended), runWaiting(scope, waiting)))
    waiting.ran(l, run)
  }
  const stored = storeFresh(scope)
  return stored ? stored.then(() => done(scope)) : done(scope)
}

function done(scope: EventScope): void {
  scope.session.post({ t: 'done', e: scope.msg.id })
}

/** Runs one listener: its function (holding the locks of the globals it uses), then its end. */
function runListener(scope: EventScope, l: ListenerSpec): Run | Promise<Run> {
  const { session, control } = scope
  const problem = session.graph.problems.get(l.id)
  if (problem) return ended(scope, l, { outcome: 'failure', error: problem })
  if (!l.fn) return ended(scope, l, { outcome: 'success' })
  if (control.ending.aborted || (l.name !== undefined && (control.cancelled?.has(l.name) || control.cancels?.(l.name)))) return ended(scope, l, { outcome: 'cancelled' })
  const globals = session.graph.globalsOf(l)
  const run = globals.length ? withGlobals(session.core, globals, async () => callFunction(scope, l)) : callFunction(scope, l)
  return isPromiseLike(run) ? run.then((outcome) => ended(scope, l, outcome)) : ended(scope, l, run)
}

/** Tells the page how a listener's run ended. */
function ended(scope: EventScope, l: ListenerSpec, run: Run): Run {
  const end: EndMessage = { t: 'end', e: scope.msg.id, l: l.id, ok: run.outcome === 'success' }
  if (run.outcome === 'cancelled') end.cancelled = true
  if (run.error !== undefined) end.error = run.error
  scope.session.post(end)
  return run
}

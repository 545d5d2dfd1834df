import type { ListenerSpec } from '../protocol.js'
import type { Session } from '../session/session.js'
import { RunContext, type Step } from './context.js'
import { stateValue, storeFresh, type EventScope } from './scope.js'
import { browserValue } from '../browser/browser.js'
import { LazyAbort } from './abort.js'
import { describeListener, type Outcome } from './graph.js'
import { commit } from './commit.js'
import { functionFor } from './builtins.js'
import { GError } from './outputs.js'
import { copy, copyState, isGenerator, isPromiseLike } from './values.js'
import { checkInputsKept } from './mistakes.js'
import { firstInWindow } from '../rare-log.js'

/** What came of one listener's run: how it ended, and the names whose value it changed. */
export interface Run {
  outcome: Outcome
  error?: string
  changed?: Set<string>
}

/**
 * Calls a listener's function and commits what it returns or yields. Each step follows the one
 * before at once when that one finished at once: a function that returns its value, on a store
 * that answers at once, runs and is committed without a promise.
 */
export function callFunction(scope: EventScope, l: ListenerSpec): Run | Promise<Run> {
  const call = new Call(scope, l)
  try {
    const { inputs } = l
    const args = new Array<unknown>(inputs.length)
    let waits = false
    for (let i = 0; i < inputs.length; i++) {
      const arg = (args[i] = readInput(scope, inputs[i]!))
      waits ||= isPromiseLike(arg)
    }
    const run = waits ? Promise.all(args).then((opened) => call.withArgs(opened)) : call.withArgs(args)
    return isPromiseLike(run) ? run.then((run) => call.end(run), (error: unknown) => call.fail(error)) : call.end(run)
  } catch (error) {
    return call.fail(error)
  }
}

/** How the generic message of an error that is not a GError ends: the details are in the server's log. */
const IN_THE_LOG = 'an error on the server (details are in its log)'

/** Whether a listener's error is the generic one (not a GError's message): the APIs answer it 500, not 422. */
export function isGenericError(message: string): boolean {
  return message.endsWith(IN_THE_LOG)
}

// --- internal ---

const CANCELLED = Symbol('cancelled')
const NO_ARGS: unknown[] = []

/** One run of a listener's function, from its inputs to its outputs written; the event's active run while it lasts. */
class Call {
  readonly step: Step = { changed: undefined, pending: undefined, claimed: undefined }
  /** Aborts when the listener is cancelled. */
  readonly abort = new LazyAbort()
  readonly name: string | undefined
  readonly aborts: readonly LazyAbort[]
  args: unknown[] = NO_ARGS

  constructor(
    readonly scope: EventScope,
    readonly l: ListenerSpec,
  ) {
    this.name = l.name
    this.aborts = [scope.control.ending, this.abort]
    scope.control.active = this
  }

  /** With its inputs read: the defaults made so far are stored, then the function is called. */
  withArgs(args: unknown[]): Run | Promise<Run> {
    this.args = args
    for (const arg of args) claim(this.step, arg)
    const stored = storeFresh(this.scope)
    return stored ? stored.then(() => this.invoke()) : this.invoke()
  }

  invoke(): Run | Promise<Run> {
    const { scope, l } = this
    const { session } = scope
    const result = functionFor(session, l, session.core.fns.get(l.fn!))(...this.args, new RunContext(scope, l, this.step, this.aborts))
    if (!isPromiseLike(result)) return this.settle(result)
    session.flush()
    return untilAborted(result, this.aborts).then((value) => this.settle(value))
  }

  /** Commits what the function returned, or goes on with the generator it returned. */
  settle(result: unknown): Run | Promise<Run> {
    if (isGenerator(result)) return this.generate(result)
    checkInputsKept(this.scope, this.l, this.args, this.step)
    const committed = commit(this.scope, this.l, result, this.step)
    return committed ? committed.then(() => this.succeeded()) : this.succeeded()
  }

  /** Commits what a generator yields, step by step. It goes on with the objects it yields: store copies, never what it holds. */
  async generate(generator: Generator | AsyncGenerator): Promise<Run> {
    const { scope, l, step, aborts } = this
    step.claimed = undefined
    // The aborts are watched once for the whole run, not once per step: a step's wait rejects as soon as one aborts.
    let stop: ((reason: unknown) => void) | undefined
    const unwatch = aborts.map((abort) => abort.subscribe(() => stop?.(CANCELLED)))
    try {
      for (;;) {
        if (aborts.some((abort) => abort.aborted)) throw CANCELLED
        const next = await new Promise<IteratorResult<unknown>>((resolve, reject) => {
          stop = reject
          Promise.resolve(generator.next()).then(resolve, reject)
        })
        stop = undefined
        checkInputsKept(scope, l, this.args, step)
        if (next.done && next.value === undefined) break
        await commit(scope, l, next.value, step)
        if (next.done) break
        scope.session.flush()
      }
    } catch (error) {
      closeGenerator(generator)
      throw error
    } finally {
      for (const f of unwatch) f()
    }
    return this.succeeded()
  }

  succeeded(): Run {
    return { outcome: 'success', changed: this.step.changed }
  }

  end(run: Run): Run {
    this.scope.control.active = undefined
    return run
  }

  fail(error: unknown): Run {
    this.scope.control.active = undefined
    if (error === CANCELLED) return { outcome: 'cancelled', changed: this.step.changed }
    return { outcome: 'failure', error: errorMessage(this.scope.session, this.l, error), changed: this.step.changed }
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

/** What the user sees of an error: a GError's message; otherwise a generic one, the details logged. */
function errorMessage(session: Session, l: ListenerSpec, error: unknown): string {
  if (error instanceof GError) return error.message
  // A page can repeat an input that makes a function throw: a session's same failure is logged once a minute.
  const cause = String(error instanceof Error ? error.message : error).split('\n', 1)[0]!.slice(0, 200)
  if (firstInWindow(session.core, `${session.id} ${describeListener(l)} failed: ${cause}`)) {
    session.core.log.error(`[g-kit] ${describeListener(l)} failed in session ${session.id} (logged once a minute in a session):`, error)
  }
  return `${describeListener(l)} failed: ${IN_THE_LOG}`
}

/** Lets a generator that stopped early run its `finally`; whatever that throws is no concern of the event's. */
function closeGenerator(generator: Generator | AsyncGenerator): void {
  try {
    Promise.resolve(generator.return(undefined)).catch(() => {})
  } catch {
    // a generator running now cannot be closed: it ends when it next yields
  }
}

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
  if (typeof value === 'object' && value !== null) (step.claimed ??= []).push(value)
}

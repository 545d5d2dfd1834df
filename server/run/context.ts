import type { ListenerSpec } from '../protocol.js'
import type { EventScope } from './scope.js'
import { stateValue } from './scope.js'
import { copyState } from './values.js'
import type { LazyAbort } from './abort.js'
import { privateState } from '../session/defaults.js'

/** The last argument of every app function. */
export interface FnContext {
  session: SessionHandle
  /** What started this run. */
  event: EventInfo
  /** The page's connection request. */
  request: RequestInfo
  /** Aborts when the event is cancelled or the session ends. */
  signal: AbortSignal
}

/** The session a function runs in. */
export interface SessionHandle {
  /** Opaque and unguessable; made by the server. */
  readonly id: string
  /** A state's current value (a copy; private states give the object itself). */
  get<T = unknown>(name: string): T
  /** Writes a state, private ones included; kept only if the function succeeds. */
  set(name: string, value: unknown): void
}

export interface EventInfo {
  /** The name of the element that started the event (absent for `load`). */
  source?: string
  /** The trigger, such as `click` or `load`. */
  trigger: string
  /** The value of the element that started the event, such as a `<g-button value>`. */
  value?: unknown
  /** The name of the listener now running, if it has one. */
  listener?: string
}

export interface RequestInfo {
  /** The page's origin, from the `Origin` header. */
  origin?: string
  headers: Headers
  /** The client's address, as the socket sees it. */
  address?: string
  /** The app's base path as the page reached it (`/login/` for an app mounted at `/login`); sealed browser state is bound to it. */
  base?: string
}

/** What one listener's run gathers as it goes: `ctx.session.set` writes, names changed, the inputs that are its own copies. */
export interface Step {
  /** `ctx.session.set` writes, committed with the step's outputs. */
  pending: Map<string, unknown> | undefined
  /** Names of states, globals and controls whose value the run has changed. */
  changed: Set<string> | undefined
  /** The input objects made for this run: returned as they are, they need no other copy. */
  claimed: object[]
}

/**
 * The `ctx` of one listener's run. A class, so that a run pays for no closures, and for the event
 * info and the signal only when the function reads them.
 */
export class RunContext implements FnContext {
  #session?: SessionHandle
  #event?: EventInfo
  #signal?: AbortSignal

  constructor(
    private scope: EventScope,
    private listener: ListenerSpec,
    private step: Step,
    private aborts: readonly LazyAbort[],
  ) {}

  get session(): SessionHandle {
    return (this.#session ??= sessionHandle(this.scope, this.step))
  }

  get event(): EventInfo {
    if (!this.#event) {
      const { trigger, data } = this.scope.msg
      const dot = trigger.lastIndexOf('.')
      this.#event = {
        source: dot > 0 ? trigger.slice(0, dot) : undefined,
        trigger: dot > 0 ? trigger.slice(dot + 1) : trigger,
        value: data,
        listener: this.listener.name,
      }
    }
    return this.#event
  }

  get request(): RequestInfo {
    return this.scope.session.request
  }

  get signal(): AbortSignal {
    return (this.#signal ??= AbortSignal.any(this.aborts.map((abort) => abort.signal)))
  }
}

function sessionHandle(scope: EventScope, step: Step): SessionHandle {
  const { session } = scope
  const isState = (name: string) => session.graph.kinds.get(name) === 'state' || session.core.states.has(name)
  return {
    id: session.id,
    get<T>(name: string): T {
      if (step.pending?.has(name)) return step.pending.get(name) as T
      if (session.core.states.get(name)?.private) return privateState(session, name) as T
      if (!isState(name)) throw new Error(`ctx.session.get: '${name}' is not a state of this app`)
      return copyState(name, stateValue(scope, name)) as T
    },
    set(name: string, value: unknown): void {
      if (!isState(name)) throw new Error(`ctx.session.set: '${name}' is not a state of this app`)
      ;(step.pending ??= new Map()).set(name, value)
    },
  }
}

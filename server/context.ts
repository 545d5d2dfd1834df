import type { ListenerSpec } from './protocol.js'
import type { EventScope } from './scope.js'
import { stateValue } from './scope.js'
import { copyState } from './values.js'
import type { LazyAbort } from './abort.js'

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
}

/** The context of one listener's run: `pending` collects its `ctx.session.set` writes until they are committed. */
export function makeContext(scope: EventScope, l: ListenerSpec, pending: Map<string, unknown>, aborts: readonly LazyAbort[]): FnContext {
  const { session, msg } = scope
  const dot = msg.trigger.lastIndexOf('.')
  const isState = (name: string) => session.graph.kinds.get(name) === 'state' || session.core.states.has(name)
  return {
    session: {
      id: session.id,
      get<T>(name: string): T {
        if (pending.has(name)) return pending.get(name) as T
        if (session.core.states.get(name)?.private) return session.privateState(name) as T
        if (!isState(name)) throw new Error(`ctx.session.get: '${name}' is not a state of this app`)
        return copyState(name, stateValue(scope, name)) as T
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
    // Made when a function asks for it: most never do, and combining signals is not free.
    get signal() {
      const signal = AbortSignal.any(aborts.map((abort) => abort.signal))
      Object.defineProperty(this, 'signal', { value: signal })
      return signal
    },
  }
}

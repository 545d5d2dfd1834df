import type { ListenerSpec, ProgressMessage } from '../protocol.js'
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
  /** Shows `message` to the user in a toast that goes away by itself (Gradio's `gr.Info`). */
  info(message: string): void
  /** Shows `message` to the user in a warning toast (Gradio's `gr.Warning`). */
  warning(message: string): void
  /**
   * Shows a progress bar (ARIA `progressbar`) on the outputs of the running listener until it
   * ends (Gradio's `gr.Progress`). Calls closer than 50 ms apart are merged: the newest wins.
   * @param fraction From 0 to 1.
   * @param description What is being done, shown beside the bar.
   */
  progress(fraction: number, description?: string): void
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
  claimed?: object[]
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

  // --- messages to the user (display) ---
  #progressAt = 0
  #progressNext?: ProgressMessage

  info(message: string): void {
    this.#send({ t: 'toast', level: 'info', message: clip(message) })
  }

  warning(message: string): void {
    this.#send({ t: 'toast', level: 'warning', message: clip(message) })
  }

  progress(fraction: number, description?: string): void {
    const message: ProgressMessage = { t: 'progress', e: this.scope.msg.id, l: this.listener.id, fraction: Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0 }
    if (description !== undefined) message.description = clip(description)
    const wait = this.#progressAt + PROGRESS_INTERVAL - Date.now()
    if (wait <= 0) return this.#sendProgress(message)
    // A loop that reports every item sends at most one message per interval, the newest.
    if (!this.#progressNext) {
      setTimeout(() => {
        if (this.#progressNext) this.#sendProgress(this.#progressNext) // unless a later call, past the interval, sent it
      }, wait).unref?.()
    }
    this.#progressNext = message
  }

  #sendProgress(message: ProgressMessage): void {
    this.#progressNext = undefined
    this.#progressAt = Date.now()
    this.#send(message)
  }

  /** Posts at once, and sends within this task: a long function's notices show while it runs. */
  #send(message: Parameters<EventScope['session']['post']>[0]): void {
    const { session } = this.scope
    session.post(message)
    queueMicrotask(() => session.flush())
  }
}

/** Milliseconds between two progress messages of one run. */
const PROGRESS_INTERVAL = 50
/** Characters of a notice or a description that reach the page. */
const NOTICE_LIMIT = 2000

function clip(text: unknown): string {
  const string = String(text)
  return string.length > NOTICE_LIMIT ? `${string.slice(0, NOTICE_LIMIT - 1)}…` : string
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

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

import type { Peer } from 'crossws'
import type { AppCore } from '../core.js'
import type { EventMessage, ServerMessage } from '../protocol.js'
import type { RequestInfo } from '../run/context.js'
import type { EventControl, Session } from '../session/session.js'
import { closeSession, openSession } from '../session/sessions.js'
import { pageGraph } from '../run/graph.js'
import { runEvent } from '../run/run.js'
import { apiFunctions, apiGraphSpec, apiTrigger, type ApiFunction } from './functions.js'

/** How one call ended: the caller's outputs, and what went wrong if something did. */
export interface CallResult {
  outputs: unknown[]
  /** The message for the caller, and the HTTP status that fits it. */
  error?: { message: string; status: number }
  cancelled?: boolean
}

export interface CallOptions {
  /** Called with the outputs as they stand after each step (each `yield` of a generator, or the return). */
  onStep?: (outputs: unknown[]) => void
}

/** A call in flight, which can be cancelled queued or running. */
export interface PendingCall {
  result: Promise<CallResult>
  cancel(): void
}

/**
 * Opens a session for API calls: a page session in every respect (it counts against `maxSessions`,
 * its states live in the store, `onUnload` runs at its end), whose page is the API. Between calls it
 * is closed, so it ends `closedTtl` after its last call, and capacity evicts it like a closed page's.
 * Undefined when the server is full.
 */
export function openApiSession(core: AppCore, request: RequestInfo): Session | undefined {
  const capture = new Capture(core)
  const session = openSession(core, apiGraphSpec(apiFunctions(core)), request, capture, capture.receive, capture.ended)
  if (!session) return undefined
  links.set(session, { capture, active: 0 })
  release(core, session)
  return session
}

/** Whether `session` is one that {@link openApiSession} made (and not a page's). */
export function isApiSession(session: Session): boolean {
  return links.has(session)
}

/** Calls `fn` with the caller's `inputs` (in the order of `fn.inputs`) in an API session, after its earlier calls. */
export function startCall(session: Session, fn: ApiFunction, inputs: readonly unknown[], options: CallOptions = {}): PendingCall {
  const link = links.get(session)!
  if (session.ended) return settled(endedResult(fn))
  if (link.active >= MAX_WAITING_CALLS) return settled({ outputs: [], error: { message: `this session has ${MAX_WAITING_CALLS} calls waiting already`, status: 429 } })
  hold(session, link)
  const graph = pageGraph(apiGraphSpec(apiFunctions(session.core)), session.core)
  if (session.graph !== graph) session.graph = graph // functions were declared since the session began
  const id = session.lastEvent + 1
  session.accept(id)
  const values: Record<string, unknown> = Object.create(null)
  fn.inputs.forEach((name, i) => (values[name] = inputs[i] ?? null))
  const outputs = fn.outputs.map((name) => (name in values ? values[name] : null))
  const call: Call = { fn, options, outputs, cancelled: false, resolve: () => {} }
  const result = new Promise<CallResult>((resolve) => (call.resolve = resolve)).finally(() => {
    link.capture.calls.delete(id)
    session.acknowledge(id)
    release(session.core, session)
  })
  link.capture.calls.set(id, call)
  const msg: EventMessage = { t: 'event', id, trigger: apiTrigger(fn), values }
  session.enqueue((control) => {
    call.control = control
    if (call.cancelling) (control.cancelled ??= new Set()).add(fn.name)
    return runEvent(session, msg, control)
  }, id)
  return { result, cancel: () => cancelCall(call) }
}

// --- internal ---

interface Call {
  fn: ApiFunction
  options: CallOptions
  outputs: unknown[]
  error?: CallResult['error']
  /** The caller asked to cancel it. */
  cancelling?: boolean
  /** It ended cancelled. */
  cancelled: boolean
  control?: EventControl
  resolve(result: CallResult): void
}

/** What the API keeps of each of its sessions. */
interface Link {
  capture: Capture
  /** Calls holding the session open. */
  active: number
  /** When the session was last put in the app's closed queue. */
  queuedAt?: number
}

const links = new WeakMap<Session, Link>()

/** Calls one session may have queued or running at once; more are refused (each holds its inputs). */
const MAX_WAITING_CALLS = 64

/** A function's message of failure that is not a GError's (run.ts): the details are in the server's log. */
const GENERIC_ERROR = /\(details are in its log\)$/

/**
 * Stands in for a page's socket: the session sends its frames here, read back by event id. It also
 * does what the server asks of a page's socket: a global's change it publishes goes to the pages.
 */
class Capture {
  readonly topics = new Set<string>()
  readonly calls = new Map<number, Call>()
  constructor(readonly core: AppCore) {}

  receive = (frame: string): void => {
    for (const message of JSON.parse(frame) as ServerMessage[]) {
      const call = 'e' in message && message.e !== undefined ? this.calls.get(message.e) : undefined
      if (!call) continue
      if (message.t === 'update') {
        for (const [name, value] of Object.entries(message.values ?? {})) {
          const at = call.fn.outputs.indexOf(name)
          if (at >= 0) call.outputs[at] = value
        }
        call.options.onStep?.([...call.outputs])
      } else if (message.t === 'end' && message.cancelled) call.cancelled = true
      else if (message.t === 'end' && !message.ok) {
        const text = message.error ?? `'${call.fn.name}' failed`
        call.error = { message: text, status: GENERIC_ERROR.test(text) ? 500 : 422 }
      } else if (message.t === 'error') call.error = { message: message.message, status: 500 }
      if (message.t === 'done' || message.t === 'error') call.resolve(resultOf(call))
    }
  }

  /** The session ended (expired, evicted, or the app closed): calls still waiting fail. */
  ended = (): void => {
    for (const call of this.calls.values()) call.resolve(endedResult(call.fn))
  }

  publish(topic: string, text: string): void {
    const page = pageSocket(this.core)
    if (!page) return
    page.publish(topic, text)
    if (page.topics.has(topic)) page.send(text)
  }

  send(): void {}
}

function resultOf(call: Call): CallResult {
  if (call.cancelled) return { outputs: call.outputs, cancelled: true, error: { message: `'${call.fn.name}' was cancelled`, status: 499 } }
  return call.error ? { outputs: call.outputs, error: call.error } : { outputs: call.outputs }
}

function settled(result: CallResult): PendingCall {
  return { result: Promise.resolve(result), cancel() {} }
}

function endedResult(fn: ApiFunction): CallResult {
  return { outputs: [], error: { message: `the session ended before '${fn.name}' ran: start a new one`, status: 410 } }
}

function cancelCall(call: Call): void {
  call.cancelling = true
  const control = call.control
  if (!control) return // still queued: it is skipped when its turn comes
  ;(control.cancelled ??= new Set()).add(call.fn.name)
  if (control.active?.name === call.fn.name) control.active.abort.abort()
}

/** A call holds its session open: it is neither expired nor evicted while it runs. */
function hold(session: Session, link: Link): void {
  if (link.active++ === 0 && session.socket !== link.capture) session.attach(link.capture, link.capture.receive, link.capture.ended)
}

/**
 * The last call has ended: the session is closed from now, for `closedTtl`. A session used often
 * is put in the app's closed queue at most 16 times per `closedTtl` (its closing time is then the
 * last one queued), so that the queue grows with sessions, not with calls.
 */
function release(core: AppCore, session: Session): void {
  const link = links.get(session)!
  if (link.active > 0 && --link.active > 0) return
  if (session.ended) return
  const now = Date.now()
  const recent = link.queuedAt !== undefined && now - link.queuedAt < (core.options.closedTtl * 1000) / 16
  if (recent) session.detach(link.capture, link.queuedAt!)
  else {
    closeSession(core, session, link.capture, now)
    link.queuedAt = now
  }
}

/** A page's socket of the app, to publish from. */
function pageSocket(core: AppCore): Peer | undefined {
  for (const session of core.sessions.values()) if (session.socket && !(session.socket instanceof Capture)) return session.socket as Peer
  return undefined
}

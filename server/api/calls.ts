import type { AppCore } from '../core.js'
import type { EventMessage } from '../protocol.js'
import type { RequestInfo } from '../run/context.js'
import type { Session } from '../session/session.js'
import { closeSession, openSession } from '../session/sessions.js'
import { pageGraph } from '../run/graph.js'
import { runEvent } from '../run/run.js'
import { apiSpec, apiTrigger, type ApiFunction } from './functions.js'
import { Capture, endedResult, type Call, type CallOptions, type CallResult } from './capture.js'

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
  const session = openSession(core, apiSpec(core), request, capture, capture.receive, capture.ended)
  if (!session) return undefined
  links.set(session, { capture, active: 0 })
  release(core, session)
  return session
}

/** Whether `session` is one that {@link openApiSession} made (and not a page's). */
export function isApiSession(session: Session): boolean {
  return links.has(session)
}

/**
 * Calls `fn` with the caller's `inputs` (in the order of `fn.inputs`) in an API session, after its
 * earlier calls. `bytes`, the size of the request that brought the inputs, counts against
 * `maxQueuedBytes` while the call waits, as a page's event frame does.
 */
export function startCall(session: Session, fn: ApiFunction, inputs: readonly unknown[], options: CallOptions = {}, bytes = 0): PendingCall {
  const link = links.get(session)!
  if (session.ended) return settled(endedResult(fn))
  if (link.active >= MAX_WAITING_CALLS) return settled({ outputs: [], error: { message: `this session has ${MAX_WAITING_CALLS} calls waiting already`, status: 429 } })
  hold(session, link)
  const graph = pageGraph(apiSpec(session.core), session.core)
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
  }, id, bytes)
  return { result, cancel: () => cancelCall(call) }
}

// --- internal ---

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

function settled(result: CallResult): PendingCall {
  return { result: Promise.resolve(result), cancel() {} }
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

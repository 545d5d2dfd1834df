import { randomUUID } from 'node:crypto'
import { getQuery, type H3, type H3Event } from 'h3'
import type { AppCore } from '../core.js'
import { apiFunctions, isKept, type ApiFunction } from './functions.js'
import { startCall } from './calls.js'
import type { CallResult, Notice } from './capture.js'
import { apiHandler, eventStream, json, readJson, requestInfo } from './http.js'
import { GRADIO_PREFIX, appId, gradioConfig, gradioInfo } from './gradio-config.js'
import { MAX_GRADIO_EVENTS, attachStream, closeIfIdle, detachStream, gradioSession, knownGradioSession, markUsed, post, undelivered, type GradioSession } from './gradio-sessions.js'

/**
 * The routes of Gradio's queue protocol (`sse_v1`) that the published `@gradio/client` uses, so
 * that `Client.connect(<base>)` can `predict` and `submit` every function with declared wiring.
 */
export function mountGradio(app: H3, core: AppCore): void {
  const route = (method: 'GET' | 'POST', path: string, f: (event: H3Event) => Response | Promise<Response>) => {
    app.all(path, apiHandler(core, (event) => (event.req.method === method ? f(event) : detail(405, `use ${method}`))))
  }
  route('GET', '/config', () => json(gradioConfig(core)))
  route('GET', `${GRADIO_PREFIX}/info`, () => json(gradioInfo(core)))
  route('GET', `${GRADIO_PREFIX}/app_id`, () => json({ app_id: appId(core) }))
  route('POST', `${GRADIO_PREFIX}/queue/join`, (event) => join(core, event))
  route('GET', `${GRADIO_PREFIX}/queue/data`, (event) => eventsOf(core, event))
  route('POST', `${GRADIO_PREFIX}/cancel`, (event) => cancel(core, event))
  route('POST', `${GRADIO_PREFIX}/reset`, () => json({ success: true }))
  route('POST', `${GRADIO_PREFIX}/upload`, () => detail(501, 'this g-kit app takes no file uploads: send values as JSON'))
}

// --- internal ---

/** An error as Gradio answers one: its client shows `detail`. */
function detail(status: number, message: string): Response {
  return json({ detail: message, error: message }, status)
}

/** Messages that, for a slow reader, may give way to the next of their kind and event (see eventStream). */
const REPLACEABLE = new Set(['process_generating', 'progress', 'log', 'heartbeat'])

function isHash(x: unknown): x is string {
  return typeof x === 'string' && /^[\w-]{1,128}$/.test(x)
}

async function join(core: AppCore, event: H3Event): Promise<Response> {
  const read = await readJson(event, core.options.maxFrame)
  if ('error' in read) return read.error
  const body = (typeof read.body === 'object' && read.body !== null ? read.body : {}) as Record<string, unknown>
  const fn = apiFunctions(core).find((f) => f.id === body.fn_index)
  if (!fn) return detail(404, `no function has fn_index ${JSON.stringify(body.fn_index)}: see ${GRADIO_PREFIX}/info`)
  if (!isHash(body.session_hash)) return detail(422, 'session_hash must be 1 to 128 letters, digits, _ or -')
  const inputs = callerInputs(core, fn, body.data)
  if (typeof inputs === 'string') return detail(422, inputs)
  if (core.closing) return detail(503, 'the app is shutting down')
  const gradio = gradioSession(core, body.session_hash, requestInfo(event, core.options.trustProxy))
  if (typeof gradio === 'string') return detail(503, `the server is busy (${gradio}): try again in a moment`)
  if (gradio.events.size >= MAX_GRADIO_EVENTS) return detail(503, `this session has ${MAX_GRADIO_EVENTS} events waiting already`)
  // A client that does not read its event stream gets no more events once what waits for it passes the bound.
  const unread = undelivered(gradio)
  if (unread > core.options.maxBuffered) return detail(503, `this session's client has ${unread} bytes of messages unread, over the limit of ${core.options.maxBuffered} (maxBuffered): read ${GRADIO_PREFIX}/queue/data`)
  const eventId = randomUUID().replaceAll('-', '')
  let held: unknown[] | undefined
  const generating = (outputs: unknown[]) => post(gradio, { msg: 'process_generating', event_id: eventId, success: true, output: { data: slots(core, fn, outputs), is_generating: true } })
  const call = startCall(gradio.session, fn, inputs, {
    // A generator function's every step is sent as it comes; another function's results come as one, at its end
    // (one that returned a generator has its steps sent one behind, the last with the end).
    onStep: (outputs) => {
      if (fn.generator) return generating(outputs)
      if (held) generating(held)
      held = outputs
    },
    onNotice: (notice) => post(gradio, { event_id: eventId, ...gradioNotice(notice) }),
  }, read.bytes)
  gradio.events.set(eventId, call)
  post(gradio, { msg: 'process_starts', event_id: eventId, eta: null })
  void call.result.then((result) => finish(core, gradio, fn, eventId, result))
  return json({ event_id: eventId })
}

/** `ctx.info` and `ctx.warning` as Gradio's `log` messages (`gr.Info`, `gr.Warning`), `ctx.progress` as its `progress`. */
function gradioNotice(notice: Notice): Record<string, unknown> {
  if (notice.level === 'progress') {
    return { msg: 'progress', success: true, progress_data: [{ index: null, length: null, unit: 'steps', progress: notice.fraction, desc: notice.description ?? null }] }
  }
  return { msg: 'log', log: notice.message, level: notice.level, title: notice.level === 'info' ? 'Info' : 'Warning', duration: null, visible: true }
}

/** The caller's inputs from Gradio's `data`: every wired input (states as null), or only the caller's. */
function callerInputs(core: AppCore, fn: ApiFunction, data: unknown): unknown[] | string {
  if (!Array.isArray(data)) return `'data' must be a list of ${fn.wiring.inputs.length} values`
  if (data.length === fn.wiring.inputs.length) return data.filter((_, i) => !isKept(core, fn.wiring.inputs[i]!))
  if (data.length === fn.inputs.length) return data
  return `'/${fn.name}' takes ${fn.inputs.length} value${fn.inputs.length === 1 ? '' : 's'} (${fn.inputs.join(', ')}); got ${data.length}`
}

/** The caller's outputs in Gradio's slots: one per wired output, null for a state's. */
function slots(core: AppCore, fn: ApiFunction, outputs: unknown[]): unknown[] {
  return fn.wiring.outputs.map((name) => (isKept(core, name) ? null : outputs[fn.outputs.indexOf(name)]))
}

function finish(core: AppCore, gradio: GradioSession, fn: ApiFunction, eventId: string, result: CallResult): void {
  gradio.events.delete(eventId)
  markUsed(core, gradio)
  if (result.error) {
    const title = result.cancelled ? 'Cancelled' : 'Error'
    post(gradio, { msg: 'process_completed', event_id: eventId, success: false, output: { error: result.error.message, title, visible: true, duration: 10 } })
  } else {
    post(gradio, { msg: 'process_completed', event_id: eventId, success: true, output: { data: slots(core, fn, result.outputs), is_generating: false } })
  }
  closeIfIdle(gradio)
}

/** `queue/data`: the session's one event stream, shared by its events (each message names its event). */
function eventsOf(core: AppCore, event: H3Event): Response {
  const hash = getQuery(event).session_hash
  const gradio = isHash(hash) ? knownGradioSession(core, hash) : undefined
  const stream = eventStream(() => gradio && detachStream(gradio, reader))
  // For a slow reader, a generator's step (it carries every output), progress, a notice or a heartbeat waits only as the latest of its kind.
  const send = (message: Record<string, unknown>) => {
    const replaceable = REPLACEABLE.has(String(message.msg))
    stream.send(undefined, message, replaceable ? `${message.msg}:${message.event_id}` : String(message.event_id ?? message.msg), replaceable)
  }
  const reader = { send, close: () => stream.close(), backlog: () => stream.backlog() }
  if (gradio) attachStream(gradio, reader)
  else {
    reader.send({ msg: 'unexpected_error', message: 'this session is not known: it ended, or never began', session_not_found: true })
    reader.close()
  }
  return stream.response
}

async function cancel(core: AppCore, event: H3Event): Promise<Response> {
  const read = await readJson(event, 4096)
  if ('error' in read) return read.error
  const { event_id: eventId, session_hash: hash } = (read.body ?? {}) as Record<string, unknown>
  const gradio = isHash(hash) ? knownGradioSession(core, hash) : undefined
  const call = gradio && typeof eventId === 'string' ? gradio.events.get(eventId) : undefined
  call?.cancel()
  return json({ success: call !== undefined })
}

import { randomBytes } from 'node:crypto'
import { getRouterParams, type H3, type H3Event } from 'h3'
import type { AppCore } from '../core.js'
import type { Session } from '../session/session.js'
import { sameSecret, splitToken } from '../session/token.js'
import { apiFunctions, findFunction, type ApiFunction } from './functions.js'
import { isApiSession, openApiSession, startCall } from './calls.js'
import type { CallResult } from './capture.js'
import { apiHandler, eventStream, failure, json, readJson, requestInfo, wantsEvents } from './http.js'
import { mountGradio } from './gradio.js'

/**
 * Mounts the HTTP API (`GET /g/api`, `POST /g/api/<fn>`) and the Gradio-compatible API on an app's
 * routes, unless the app was made with `api: false`.
 */
export function mountApi(app: H3, core: AppCore): void {
  if (!core.options.api) return
  app.all(
    '/g/api',
    apiHandler(core, (event) => {
      if (event.req.method !== 'GET') return failure(405, 'GET lists the functions; POST to /g/api/<function> calls one')
      return json({ functions: apiFunctions(core).map(({ name, inputs, outputs, generator }) => ({ name, inputs, outputs, generator })) })
    }),
  )
  app.all('/g/api/:fn', apiHandler(core, (event) => callRoute(core, event)))
  mountGradio(app, core)
}

// --- internal ---

/** Each HTTP API session's secret: the second half of its token, which only the caller it was given to knows. */
const secrets = new WeakMap<Session, string>()

async function callRoute(core: AppCore, event: H3Event): Promise<Response> {
  if (event.req.method !== 'POST') return failure(405, 'call a function with POST and a JSON body such as {"inputs": []}')
  const found = findFunction(core, getRouterParams(event, { decode: true }).fn ?? '')
  if ('error' in found) return failure(found.status, found.error)
  const { fn } = found
  const read = await readJson(event, core.options.maxFrame)
  if ('error' in read) return read.error
  const body = read.body
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return failure(400, 'the request body must be a JSON object such as {"inputs": []}')
  const { inputs = [], session: token } = body as { inputs?: unknown; session?: unknown }
  if (!Array.isArray(inputs)) return failure(400, `'inputs' must be a list of ${describeParams(fn)}`)
  if (inputs.length !== fn.inputs.length) return failure(400, `'${fn.name}' takes ${describeParams(fn)}; the request gives ${inputs.length}`)
  if (token !== undefined && typeof token !== 'string') return failure(400, `'session' must be the string a previous answer gave`)
  if (core.closing) return failure(503, 'the app is shutting down')
  let session: Session | undefined
  if (token !== undefined) {
    session = continued(core, token)
    if (!session) return failure(404, 'this session is not known: it ended (unused for too long, or the server restarted) or was never given; leave out "session" to start a new one')
  } else {
    session = openApiSession(core, requestInfo(event, core.options.trustProxy))
    if (!session) return failure(503, `the server is full (${core.options.maxSessions} sessions): try again in a moment`)
    secrets.set(session, randomBytes(16).toString('base64url'))
  }
  const tokenOf = `${session.id}.${secrets.get(session)}`
  if (wantsEvents(event)) return streamCall(session, fn, inputs, tokenOf, read.bytes)
  const result = await startCall(session, fn, inputs, {}, read.bytes).result
  if (result.error) return json({ error: result.error.message, session: tokenOf }, result.error.status)
  return json({ outputs: result.outputs, session: tokenOf })
}

/** Answers a call with Server-Sent Events: `outputs` at each step, `info`, `warning` and `progress` as they come, then `done` (or `error`). */
function streamCall(session: Session, fn: ApiFunction, inputs: unknown[], token: string, bytes: number): Response {
  let cancel = () => {}
  const stream = eventStream(() => cancel())
  const call = startCall(session, fn, inputs, {
    onStep: (outputs) => stream.send('outputs', { outputs }, 'outputs', true),
    // For a slow reader, only the latest of each kind of notice waits.
    onNotice: ({ level, ...notice }) => stream.send(level, notice, level, true),
  }, bytes)
  cancel = call.cancel
  void call.result.then((result: CallResult) => {
    if (result.error) stream.send('error', { error: result.error.message, session: token }, 'outputs')
    else stream.send('done', { outputs: result.outputs, session: token }, 'outputs')
    stream.close()
  })
  return stream.response
}

/** The HTTP API session a token names, if the token is its. */
function continued(core: AppCore, token: string): Session | undefined {
  const parts = splitToken(token)
  const session = parts && core.sessions.get(parts.id)
  const secret = session && secrets.get(session)
  if (!parts || !session || !secret || !isApiSession(session) || session.ended) return undefined
  return sameSecret(parts.secret, secret) ? session : undefined
}

function describeParams(fn: ApiFunction): string {
  const n = fn.inputs.length
  return n === 0 ? 'no inputs' : `${n} input${n > 1 ? 's' : ''} (${fn.inputs.join(', ')})`
}

import { getRequestIP, type H3Event } from 'h3'
import type { AppCore } from '../core.js'
import type { RequestInfo } from '../run/context.js'
import { originRefusalMessage, refusedOrigin } from '../http/origins.js'
import { logRefusal } from '../http/refusals.js'
import { nestsDeeper } from '../wire/decode.js'
import { clientAddress, type TrustProxy } from '../http/proxy.js'

/** How deep a value the APIs take may nest (as the page protocol's decoder). */
const MAX_DEPTH = 64

/** A JSON answer. */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const answer = new Response(JSON.stringify(body), { status, headers })
  answer.headers.set('content-type', 'application/json; charset=utf-8')
  answer.headers.set('cache-control', 'no-store')
  return answer
}

/** An error answer: `{"error": message}`. */
export function failure(status: number, message: string): Response {
  return json({ error: message }, status)
}

/**
 * An API route's handler: the request is checked against the app's origins (a refused one is
 * answered 403 and logged), a CORS preflight is answered, an allowed page on another origin may
 * read the answer, and an error the route did not expect is logged and answered with a generic 500.
 */
export function apiHandler(core: AppCore, route: (event: H3Event) => Response | Promise<Response>): (event: H3Event) => Promise<Response> {
  return async (event) => {
    const origin = event.req.headers.get('origin')
    const refused = refusedOrigin(event.req, core.options.origins, core.options.trustProxy)
    if (refused !== undefined) {
      const message = originRefusalMessage(refused)
      logRefusal(core, `origin ${refused}`, `an API request from ${message}`)
      return failure(403, message)
    }
    let answer: Response
    if (event.req.method === 'OPTIONS') {
      answer = new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': 'content-type, accept, x-gradio-user',
          'access-control-max-age': '600',
        },
      })
    } else {
      try {
        answer = await route(event)
      } catch (error) {
        core.log.error(`[g-kit] API request ${event.req.method} ${event.url.pathname} failed:`, error)
        answer = failure(500, 'the server could not answer (details are in its log)')
      }
    }
    if (origin) {
      answer.headers.set('access-control-allow-origin', origin)
      answer.headers.append('vary', 'origin')
    }
    return answer
  }
}

/** What a function's `ctx.request` tells of an HTTP request. */
export function requestInfo(event: H3Event, trust: TrustProxy = false): RequestInfo {
  const { headers } = event.req
  // The client's address as the pages' sockets take it: from a proxy's header only when the app trusts its proxy.
  return { origin: headers.get('origin') ?? undefined, headers, address: clientAddress(trust, getRequestIP(event), headers) }
}

/**
 * The request's JSON body and its size, read up to `maxBytes` bytes (a longer body is refused
 * before it is parsed, and reading stops there), or an error answer naming the problem.
 */
export async function readJson(event: H3Event, maxBytes: number): Promise<{ body: unknown; bytes: number } | { error: Response }> {
  const tooLarge = () => ({ error: failure(413, `the request body is larger than the limit of ${maxBytes} bytes`) })
  const declared = Number(event.req.headers.get('content-length') ?? NaN)
  if (declared > maxBytes) return tooLarge()
  const reader = event.req.body?.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        void reader.cancel().catch(() => {})
        return tooLarge()
      }
      chunks.push(value)
    }
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text.trim()) return { error: failure(400, 'the request has no body: send JSON such as {"inputs": []}') }
  if (nestsDeeper(text, MAX_DEPTH)) return { error: failure(400, `the request body nests deeper than ${MAX_DEPTH} levels`) }
  try {
    return { body: JSON.parse(text), bytes: size }
  } catch {
    return { error: failure(400, 'the request body is not valid JSON') }
  }
}

/** Whether the request asks for Server-Sent Events. */
export function wantsEvents(event: H3Event): boolean {
  return /\btext\/event-stream\b/i.test(event.req.headers.get('accept') ?? '')
}

/** Bytes of events queued for a slow reader before a replaceable one waits as the latest of its key. */
const QUEUED_BYTES = 1 << 16

/** A Server-Sent Events answer, and the means to write it. */
export interface EventStream {
  response: Response
  /**
   * Sends an event. A `replaceable` one (it carries everything its `key` stands for, such as all the
   * outputs of a step) gives way to the next one with its key while the reader is slow, so that what
   * waits for a slow reader stays bounded; any other one drops what waits with its key, and goes after the rest.
   */
  send(event: string | undefined, data: unknown, key?: string, replaceable?: boolean): void
  close(): void
  /** Bytes sent and not yet taken by the reader. */
  backlog(): number
}

/** An {@link EventStream}; `onCancel` runs when the reader goes away. */
export function eventStream(onCancel: () => void): EventStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let open = true
  const waiting = new Map<string, Uint8Array>()
  const encoder = new TextEncoder()
  const flush = () => {
    for (const chunk of waiting.values()) controller.enqueue(chunk)
    waiting.clear()
  }
  const stream = new ReadableStream<Uint8Array>(
    {
      start: (c) => void (controller = c),
      pull: () => void (open && flush()),
      cancel: () => {
        open = false
        waiting.clear()
        onCancel()
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: QUEUED_BYTES }),
  )
  return {
    response: new Response(stream, {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
    }),
    send(event, data, key, replaceable = false) {
      if (!open) return
      const chunk = encoder.encode(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`)
      if (key !== undefined) waiting.delete(key)
      if (replaceable && key !== undefined && (waiting.size || controller.desiredSize! <= 0)) waiting.set(key, chunk)
      else {
        flush()
        controller.enqueue(chunk)
      }
    },
    backlog() {
      if (!open) return 0
      let bytes = QUEUED_BYTES - (controller.desiredSize ?? QUEUED_BYTES)
      for (const chunk of waiting.values()) bytes += chunk.byteLength
      return bytes
    },
    close() {
      if (open) {
        flush()
        controller.close()
      }
      open = false
    },
  }
}

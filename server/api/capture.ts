import type { AppCore } from '../core.js'
import type { ServerMessage } from '../protocol.js'
import type { EventControl } from '../session/session.js'
import type { ApiFunction } from './functions.js'
import { isGenericError } from '../run/call.js'
import { publishToPages } from '../shared/globals.js'

/** How one call ended: the caller's outputs, and what went wrong if something did. */
export interface CallResult {
  outputs: unknown[]
  /** The message for the caller, and the HTTP status that fits it. */
  error?: { message: string; status: number }
  cancelled?: boolean
}

/** What a function tells the user while it runs: `ctx.info`, `ctx.warning` and `ctx.progress`. */
export type Notice = { level: 'info' | 'warning'; message: string } | { level: 'progress'; fraction: number; description?: string }

export interface CallOptions {
  /** Called with the outputs as they stand after each step (each `yield` of a generator, or the return). */
  onStep?: (outputs: unknown[]) => void
  /** Called with each notice of the function. */
  onNotice?: (notice: Notice) => void
}

/** A call on its way: what the session's messages about it are gathered into. */
export interface Call {
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

/**
 * Stands in for a page's socket in an API session: the session sends its frames here, read back by
 * event id. It also does what the server asks of a page's socket: a global's change it publishes
 * goes to the pages.
 */
export class Capture {
  /** Not a page's socket: nothing is published from it (see publishToPages). */
  readonly page = false
  readonly topics = new Set<string>()
  /** The calls waiting or running, in the order they run. */
  readonly calls = new Map<number, Call>()
  constructor(readonly core: AppCore) {}

  receive = (frame: string): void => {
    for (const message of JSON.parse(frame) as Array<ServerMessage | PageNotice>) {
      const e = (message as { e?: number }).e
      // A toast names no event: it is the running call's, the first of those waiting.
      const call = e !== undefined ? this.calls.get(e) : message.t === 'toast' ? this.calls.values().next().value : undefined
      if (call) read(call, message)
    }
  }

  /** The session ended (expired, evicted, or the app closed): calls still waiting fail. */
  ended = (): void => {
    for (const call of this.calls.values()) call.resolve(endedResult(call.fn))
  }

  publish(topic: string, text: string): void {
    publishToPages(this.core, topic, text)
  }

  send(): void {}
}

/** The answer to a call on a session that has ended. */
export function endedResult(fn: ApiFunction): CallResult {
  return { outputs: [], error: { message: `the session ended before '${fn.name}' ran: start a new one`, status: 410 } }
}

// --- internal ---

/** What `ctx.info`, `ctx.warning` and `ctx.progress` send a page. */
type PageNotice = { t: 'toast'; level: 'info' | 'warning'; message: string } | { t: 'progress'; e: number; fraction: number; description?: string }


function read(call: Call, message: ServerMessage | PageNotice): void {
  switch (message.t) {
    case 'update':
      for (const [name, value] of Object.entries(message.values ?? {})) {
        const at = call.fn.outputs.indexOf(name)
        if (at >= 0) call.outputs[at] = value
      }
      return call.options.onStep?.([...call.outputs])
    case 'end':
      if (message.cancelled) call.cancelled = true
      else if (!message.ok) {
        const text = message.error ?? `'${call.fn.name}' failed`
        call.error = { message: text, status: isGenericError(text) ? 500 : 422 }
      }
      return
    case 'toast':
      return call.options.onNotice?.({ level: message.level, message: message.message })
    case 'progress':
      return call.options.onNotice?.({ level: 'progress', fraction: message.fraction, ...(message.description !== undefined && { description: message.description }) })
    case 'error':
      // An error before the call ran is the session's queue refusing it: too many calls, or bytes, wait.
      call.error = { message: message.message, status: call.control ? 500 : 429 }
      return call.resolve(resultOf(call))
    case 'done':
      return call.resolve(resultOf(call))
  }
}

function resultOf(call: Call): CallResult {
  if (call.cancelled) return { outputs: call.outputs, cancelled: true, error: { message: `'${call.fn.name}' was cancelled`, status: 499 } }
  return call.error ? { outputs: call.outputs, error: call.error } : { outputs: call.outputs }
}

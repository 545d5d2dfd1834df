/**
 * Decoding what a browser sends: every frame is untrusted. The decoder checks the shape of each
 * message against the protocol (./protocol.ts) and never throws.
 */
import type { ClientMessage, EventMessage, HelloMessage } from '../protocol.js'
import { int, isRecord, list, names, record, str } from './decode-fields.js'
import { decodeGraph } from './decode-graph.js'

/** Limits a decoder enforces on what a browser sends. */
export interface DecodeLimits {
  /** Characters in one frame. */
  maxFrame: number
  /** Nesting depth of any value. */
  maxDepth: number
  /** Names in one list (inputs, outputs, triggers, controls…) and listeners in a graph. */
  maxNames: number
  /** Names in one graph in total: its states, controls, globals, listeners, and each name a listener lists. */
  maxAppSize: number
}

export const DEFAULT_LIMITS: DecodeLimits = { maxFrame: 1 << 20, maxDepth: 64, maxNames: 1000, maxAppSize: 10_000 }

/** The outcome of decoding a frame that is not a valid message. */
export interface DecodeFailure {
  error: string
  /** The event id, when the frame got far enough to have one. */
  e?: number
}

/** Parses and checks one frame from a browser. Never throws: bad input yields a failure that names the problem. */
export function decodeClientMessage(raw: string, limits: DecodeLimits = DEFAULT_LIMITS): ClientMessage | DecodeFailure {
  const bytes = utf8Length(raw, limits.maxFrame)
  if (bytes > limits.maxFrame) return { error: `frame of ${bytes} bytes exceeds the limit of ${limits.maxFrame}` }
  const tooDeep = nestsDeeper(raw, limits.maxDepth)
  let msg: unknown
  try {
    msg = JSON.parse(raw)
  } catch {
    return { error: tooDeep ? `frame nests deeper than ${limits.maxDepth} levels` : 'frame is not valid JSON' }
  }
  if (!isRecord(msg)) return { error: 'frame is not a JSON object' }
  if (tooDeep) return { error: `frame nests deeper than ${limits.maxDepth} levels`, e: eventId(msg) }
  try {
    switch (msg.t) {
      case 'hello': {
        const hello: HelloMessage = { t: 'hello', v: int(msg.v, 'v'), graph: decodeGraph(msg.graph, limits) }
        if (msg.resume !== undefined) hello.resume = str(msg.resume, 'resume')
        return hello
      }
      case 'event': {
        const event: EventMessage = {
          t: 'event',
          id: int(msg.id, 'id'),
          trigger: str(msg.trigger, 'trigger'),
          values: record(msg.values ?? {}, 'values'),
          data: msg.data,
        }
        if (msg.ack !== undefined) event.ack = int(msg.ack, 'ack')
        return event
      }
      case 'ping':
        return msg.ack === undefined ? { t: 'ping' } : { t: 'ping', ack: int(msg.ack, 'ack') }
      case 'cancel':
        return { t: 'cancel', listeners: names(msg.listeners, 'listeners', limits) }
      case 'add':
        return { t: 'add', graph: decodeGraph(msg.graph, limits) }
      case 'remove':
        return { t: 'remove', listeners: list(msg.listeners, 'listeners', limits).map((id, i) => int(id, `listeners[${i}]`)), names: names(msg.names, 'names', limits) }
      default:
        return { error: `unknown message type ${JSON.stringify(String(msg.t)).slice(0, 40)}` }
    }
  } catch (error) {
    return { error: (error as Error).message, e: eventId(msg) }
  }
}

/**
 * Whether JSON text nests objects and lists deeper than `max`, read from the text itself (outside
 * strings), before anything parses it: one pass, no allocation, and short frames are never deep.
 */
export function nestsDeeper(text: string, max: number): boolean {
  if (text.length <= 2 * max) return false
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \\ */) i++
      else if (c === 34 /* " */) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--
  }
  return false
}

// --- internal ---

/** The UTF-8 size of `text`, counted only when the length alone cannot tell it against `limit`. */
function utf8Length(text: string, limit: number): number {
  // A UTF-16 code unit takes 1 to 3 bytes in UTF-8.
  if (text.length > limit || text.length * 3 <= limit) return text.length
  return Buffer.byteLength(text)
}

function eventId(msg: Record<string, unknown>): number | undefined {
  return msg.t === 'event' && Number.isSafeInteger(msg.id) ? (msg.id as number) : undefined
}

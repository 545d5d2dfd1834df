/**
 * Decoding what a browser sends: every frame is untrusted. The decoder checks the shape of each
 * message against the protocol (./protocol.ts) and never throws.
 */
import type { AppGraph, BrowserStateSpec, ClientMessage, EventMessage, HelloMessage, ListenerSpec, StateSpec } from '../protocol.js'


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
        const hello: HelloMessage = { t: 'hello', v: int(msg.v, 'v'), graph: graph(msg.graph, limits) }
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
        return { t: 'add', graph: graph(msg.graph, limits) }
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

/** The longest `ttl` a page may ask for: a year. */
const MAX_TTL = 365 * 24 * 3600

/** The UTF-8 size of `text`, counted only when the length alone cannot tell it against `limit`. */
function utf8Length(text: string, limit: number): number {
  // A UTF-16 code unit takes 1 to 3 bytes in UTF-8.
  if (text.length > limit || text.length * 3 <= limit) return text.length
  return new TextEncoder().encode(text).length
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

function eventId(msg: Record<string, unknown>): number | undefined {
  return msg.t === 'event' && Number.isSafeInteger(msg.id) ? (msg.id as number) : undefined
}

function int(x: unknown, field: string): number {
  if (!Number.isSafeInteger(x)) throw new Error(`'${field}' must be an integer`)
  return x as number
}

function str(x: unknown, field: string): string {
  if (typeof x !== 'string' || x.length === 0 || x.length > 200) throw new Error(`'${field}' must be a non-empty string of at most 200 characters`)
  return x
}

function list(x: unknown, field: string, limits: DecodeLimits, what = 'items'): unknown[] {
  if (!Array.isArray(x)) throw new Error(`'${field}' must be a list${what === 'names' ? ' of names' : ''}`)
  if (x.length > limits.maxNames) throw new Error(`'${field}' lists ${x.length} ${what}, more than the limit of ${limits.maxNames}`)
  return x
}

function names(x: unknown, field: string, limits: DecodeLimits): string[] {
  return list(x, field, limits, 'names').map((n, i) => str(n, `${field}[${i}]`))
}

/**
 * An object of values by name. JSON.parse makes every key, `__proto__` included, an own data
 * property, so the object is safe to read with Object.entries (never to merge into another).
 */
function record(x: unknown, field: string): Record<string, unknown> {
  if (!isRecord(x)) throw new Error(`'${field}' must be an object`)
  return x
}

function graph(x: unknown, limits: DecodeLimits): AppGraph {
  if (!isRecord(x)) throw new Error(`'graph' must be an object`)
  const { states, controls, listeners, browser } = x
  if (!Array.isArray(states) || !Array.isArray(listeners)) throw new Error(`'graph' needs lists 'states' and 'listeners'`)
  if (states.length > limits.maxNames || listeners.length > limits.maxNames) throw new Error(`'graph' declares more than ${limits.maxNames} states or listeners`)
  const total = appSize(x, states, listeners)
  if (total > limits.maxAppSize) throw new Error(`'graph' declares ${total} names in all, more than the limit of ${limits.maxAppSize}`)
  return {
    states: states.map((s, i) => {
      if (!isRecord(s)) throw new Error(`'graph.states[${i}]' must be an object`)
      const spec: StateSpec = { name: str(s.name, `graph.states[${i}].name`), value: s.value }
      if (s.ttl !== undefined) {
        if (typeof s.ttl !== 'number' || !(s.ttl > 0) || s.ttl > MAX_TTL) {
          throw new Error(`'graph.states[${i}].ttl' must be a positive number of seconds, at most ${MAX_TTL}`)
        }
        spec.ttl = s.ttl
      }
      return spec
    }),
    ...(browser !== undefined && {
      browser: list(browser, 'graph.browser', limits).map((b, i) => {
        if (!isRecord(b)) throw new Error(`'graph.browser[${i}]' must be an object`)
        const spec: BrowserStateSpec = { name: str(b.name, `graph.browser[${i}].name`), value: b.value, key: str(b.key, `graph.browser[${i}].key`) }
        if (b.plain === true) spec.plain = true
        return spec
      }),
    }),
    ...(x.globals !== undefined && { globals: names(x.globals, 'graph.globals', limits) }),
    controls: names(controls ?? [], 'graph.controls', limits),
    ...(x.kinds !== undefined && { kinds: kinds(x.kinds, limits) }),
    listeners: listeners.map((l, i) => {
      if (!isRecord(l)) throw new Error(`'graph.listeners[${i}]' must be an object`)
      const at = `graph.listeners[${i}]`
      const spec: ListenerSpec = {
        id: int(l.id, `${at}.id`),
        triggers: names(l.triggers, `${at}.triggers`, limits),
        inputs: names(l.inputs ?? [], `${at}.inputs`, limits),
        outputs: names(l.outputs ?? [], `${at}.outputs`, limits),
      }
      if (l.name !== undefined) spec.name = str(l.name, `${at}.name`)
      if (l.fn !== undefined) spec.fn = str(l.fn, `${at}.fn`)
      if (l.cancels !== undefined) spec.cancels = names(l.cancels, `${at}.cancels`, limits)
      if (l.via === 'chat') spec.via = 'chat'
      return spec
    }),
  }
}

/** The kinds of controls, by name: short names, at most `maxNames` of them. */
function kinds(x: unknown, limits: DecodeLimits): Record<string, string> {
  const entries = Object.entries(record(x, 'graph.kinds'))
  if (entries.length > limits.maxNames) throw new Error(`'graph.kinds' names ${entries.length} controls, more than the limit of ${limits.maxNames}`)
  const found: Record<string, string> = Object.create(null)
  for (const [name, kind] of entries) found[name] = str(kind, `graph.kinds.${name.slice(0, 40)}`)
  return found
}

/** How many names a graph declares in all, counted before anything is made of them. */
function appSize(x: Record<string, unknown>, states: unknown[], listeners: unknown[]): number {
  const length = (list: unknown) => (Array.isArray(list) ? list.length : 0)
  let total = states.length + listeners.length + length(x.browser) + length(x.globals) + length(x.controls)
  for (const l of listeners) {
    if (isRecord(l)) total += length(l.triggers) + length(l.inputs) + length(l.outputs) + length(l.cancels)
  }
  return total
}


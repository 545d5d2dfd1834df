/**
 * The wire protocol between a page's `<g-app>` and the server: one WebSocket per app per page
 * load, JSON text frames. The browser sends one message per frame; the server sends an array of
 * messages per frame, so that one event's results travel together.
 *
 * This module is shared by both sides and imports nothing.
 */

export const PROTOCOL_VERSION = 1

/** Path of the WebSocket, under the app's base path. */
export const SOCKET_PATH = 'g/ws'

/** A listener as the page declares it (`<g-on>` or a shorthand `fn` on an element). */
export interface ListenerSpec {
  /** Position of the listener in the page's graph; results name it. */
  id: number
  /** Name other listeners use to follow it (`name.then`, `name.success`, `name.failure`). */
  name?: string
  /** `element.trigger` strings, or `load` for the app's load. */
  triggers: string[]
  /** The server function to run; a listener without one only cancels. */
  fn?: string
  inputs: string[]
  outputs: string[]
  /** Names of listeners whose running events this one cancels. */
  cancels?: string[]
}

/** A `<g-state>` as the page declares it. */
export interface StateSpec {
  name: string
  /** The page's default (JSON); a server-declared default wins. */
  value?: unknown
  /** Seconds after its last write at which the state resets to its default. */
  ttl?: number
}

/** A `<g-browser-state>` as the page declares it. */
export interface BrowserStateSpec {
  name: string
  /** The default (JSON), used while the browser holds no value. */
  value?: unknown
  /** Its localStorage key; sealed tokens are bound to it. */
  key: string
  /** Readable JSON in the browser instead of a sealed token. */
  plain?: boolean
}

/** Everything the page declares: its states, its value-holding controls, its listeners. */
export interface AppGraph {
  states: StateSpec[]
  /** States kept in the browser. Their values travel in events as controls' do: a sealed token, or JSON when plain. */
  browser?: BrowserStateSpec[]
  /** Names of the server's globals the page shows (`<g-global-state>`): it hears their changes. */
  globals?: string[]
  /** Names of controls (textboxes, numbers, …) whose values live in the page. */
  controls: string[]
  listeners: ListenerSpec[]
}

/** Properties of an output that a function may change besides its value (`update()`). */
export interface OutputProps {
  visible?: boolean
  label?: string
  interactive?: boolean
  choices?: unknown[]
}

// --- browser → server ---

export interface HelloMessage {
  t: 'hello'
  v: number
  graph: AppGraph
  /** The resume token of the session this page had before its connection dropped. */
  resume?: string
}

export interface EventMessage {
  t: 'event'
  /** Increasing per page; results and errors name it. */
  id: number
  /** `element.trigger`, or `load`. */
  trigger: string
  /** Current values of the controls the event's listeners may read or compare. */
  values: Record<string, unknown>
  /** The value of the element that started the event (a button's `value`). */
  data?: unknown
  /** The highest event id whose `done` the page has received: the server may forget those results. */
  ack?: number
}

export interface CancelMessage {
  t: 'cancel'
  /** Names of listeners whose running or queued events stop. */
  listeners: string[]
}

/** Asks for a `pong`: the page checks that the connection is alive. */
export interface PingMessage {
  t: 'ping'
  /** As in events: the highest event id whose `done` the page has received. */
  ack?: number
}

export type ClientMessage = HelloMessage | EventMessage | CancelMessage | PingMessage

// --- server → browser ---

export interface WelcomeMessage {
  t: 'welcome'
  /** The session's id: opaque, and no key to anything. */
  session: string
  /** The page's key to resume this session after a dropped connection: keep it private. */
  resume: string
  /** Whether this is the session the page asked to resume. */
  resumed: boolean
  /** The page asked to resume a session that is gone (expired, or the server restarted). */
  expired?: true
  /** Mistakes found in the page's declarations, each naming the problem. */
  problems: string[]
}

/** One step of a listener: what a return or a `yield` changed. State values never travel. */
export interface UpdateMessage {
  t: 'update'
  /** The event. */
  e: number
  /** The listener. */
  l: number
  /** New values of controls. */
  values?: Record<string, unknown>
  props?: Record<string, OutputProps>
  /** Names of states whose value really changed. */
  changed?: string[]
  /** Browser states sealed anew without a change (an older secret's token, renewed with the newest). */
  resealed?: Record<string, string>
}

/** A listener finished, well or not. */
export interface EndMessage {
  t: 'end'
  e: number
  l: number
  ok: boolean
  /** The user cancelled it (a listener with `cancels`): not an error to show. */
  cancelled?: true
  /** What to show the user when it failed. */
  error?: string
}

/** Every listener the event started has finished. */
export interface DoneMessage {
  t: 'done'
  e: number
}

/** States changed outside any event of the page (a `ttl` ran out): their `change` listeners are the page's to start. */
export interface ChangedMessage {
  t: 'changed'
  names: string[]
}

/** A frame the server could not act on at all. An error that names an event ends that event. */
export interface ErrorMessage {
  t: 'error'
  e?: number
  /** `full`: the server has no room for another session now. */
  code?: 'full'
  message: string
}

export interface PongMessage {
  t: 'pong'
}

export type ServerMessage = WelcomeMessage | UpdateMessage | EndMessage | DoneMessage | ChangedMessage | ErrorMessage | PongMessage

// --- decoding ---

/** Limits a decoder enforces on what a browser sends. */
export interface DecodeLimits {
  /** Characters in one frame. */
  maxFrame: number
  /** Nesting depth of any value. */
  maxDepth: number
  /** Names in one list (inputs, outputs, triggers, controls…) and listeners in a graph. */
  maxNames: number
}

export const DEFAULT_LIMITS: DecodeLimits = { maxFrame: 1 << 20, maxDepth: 64, maxNames: 1000 }

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
      default:
        return { error: `unknown message type ${JSON.stringify(String(msg.t)).slice(0, 40)}` }
    }
  } catch (error) {
    return { error: (error as Error).message, e: eventId(msg) }
  }
}

// --- internal ---

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
  return {
    states: states.map((s, i) => {
      if (!isRecord(s)) throw new Error(`'graph.states[${i}]' must be an object`)
      const spec: StateSpec = { name: str(s.name, `graph.states[${i}].name`), value: s.value }
      if (s.ttl !== undefined) {
        if (typeof s.ttl !== 'number' || !(s.ttl > 0)) throw new Error(`'graph.states[${i}].ttl' must be a positive number of seconds`)
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
      return spec
    }),
  }
}

/**
 * Whether JSON text nests objects and lists deeper than `max`, read from the text itself (outside
 * strings), before anything parses it: one pass, no allocation, and short frames are never deep.
 */
function nestsDeeper(text: string, max: number): boolean {
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

// Test helpers for the server suite: a real WebSocket client that speaks g-kit's protocol, and a
// small builder for the graph a page sends in its hello.
import WebSocket from 'ws'
import type {
  AppGraph,
  BrowserStateSpec,
  DoneMessage,
  EndMessage,
  ErrorMessage,
  ListenerSpec,
  ServerMessage,
  StateSpec,
  UpdateMessage,
  WelcomeMessage,
} from '../../server/protocol.js'
import { PROTOCOL_VERSION, SOCKET_PATH } from '../../server/protocol.js'

/** How long a helper waits for something before it fails the test (a guard, never a sleep). */
export const WAIT_MS = 5000

export interface OpenOptions {
  /** The `Origin` header of the upgrade request; none by default (as a script, not a page). */
  origin?: string
  headers?: Record<string, string>
  /** The socket's path under `url`. @default 'g/ws' */
  path?: string
}

/** A socket to the app, as a page's `<g-app>` holds one. */
export interface Client {
  readonly ws: WebSocket
  /** Every text frame the server sent, raw, in order. */
  readonly frames: string[]
  /** The welcome, once {@link connect} received it. */
  welcome?: WelcomeMessage
  /** The session id from the welcome. */
  session?: string
  /** Sends a message as JSON (strings and buffers go as they are). */
  send(msg: unknown): void
  /** The next message from the server; the frames' arrays are unpacked. */
  next(what?: string): Promise<ServerMessage>
  /** Messages until one matches `predicate`, that one included. */
  until(predicate: (m: ServerMessage) => boolean, what?: string): Promise<ServerMessage[]>
  /** Sends an event with the next id; resolves with every message up to its `done` (or an `error` naming it). */
  event(trigger: string, values?: Record<string, unknown>, data?: unknown): Promise<EventResult>
  /** The id the next {@link event} (or {@link nextId}) takes. */
  nextId(): number
  /** Closes the socket and resolves once it is closed. */
  close(): Promise<void>
}

/** What one event brought back. */
export interface EventResult {
  id: number
  messages: ServerMessage[]
  updates: UpdateMessage[]
  ends: EndMessage[]
  errors: ErrorMessage[]
  done?: DoneMessage
}

const open_clients = new Set<Client>()

/** Opens a socket to `<url>g/ws` without saying hello. Rejects when the upgrade is refused. */
export async function open(url: string, options: OpenOptions = {}): Promise<Client> {
  const headers = { ...options.headers, ...(options.origin !== undefined && { origin: options.origin }) }
  const ws = new WebSocket(new URL(options.path ?? SOCKET_PATH, url), { headers })
  const frames: string[] = []
  const inbox: ServerMessage[] = []
  let waiter: (() => void) | undefined
  let closed: string | undefined
  let ids = 0

  ws.on('message', (data, isBinary) => {
    const text = isBinary ? '' : data.toString()
    frames.push(text)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = [{ t: 'error', message: `test client: the server sent a frame that is not JSON: ${text.slice(0, 100)}` }]
    }
    if (!Array.isArray(parsed)) parsed = [{ t: 'error', message: `test client: the server sent a frame that is not an array: ${text.slice(0, 100)}` }]
    inbox.push(...(parsed as ServerMessage[]))
    waiter?.()
  })
  ws.on('error', () => {}) // failures show as a refused open or a closed socket
  ws.on('close', (code) => {
    closed = `the socket closed (code ${code})`
    waiter?.()
  })

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms opening ${ws.url}`)), WAIT_MS)
    ws.once('open', () => {
      clearTimeout(timer)
      resolve()
    })
    ws.once('unexpected-response', (req, res) => {
      clearTimeout(timer)
      reject(Object.assign(new Error(`the upgrade was refused with HTTP ${res.statusCode}`), { status: res.statusCode }))
      res.resume()
      req.destroy()
    })
    ws.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })

  const next = (what = 'a message'): Promise<ServerMessage> => {
    if (inbox.length) return Promise.resolve(inbox.shift()!)
    if (closed) return Promise.reject(new Error(`${closed} while waiting for ${what}`))
    if (waiter) return Promise.reject(new Error(`test client: already waiting for a message when asked for ${what}`))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter = undefined
        reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}; frames so far:\n${frames.join('\n')}`))
      }, WAIT_MS)
      waiter = () => {
        if (inbox.length) resolve(inbox.shift()!)
        else if (closed) reject(new Error(`${closed} while waiting for ${what}`))
        else return
        waiter = undefined
        clearTimeout(timer)
      }
    })
  }

  const until = async (predicate: (m: ServerMessage) => boolean, what = 'a matching message'): Promise<ServerMessage[]> => {
    const seen: ServerMessage[] = []
    for (;;) {
      const m = await next(what)
      seen.push(m)
      if (predicate(m)) return seen
    }
  }

  const client: Client = {
    ws,
    frames,
    send(msg) {
      ws.send(typeof msg === 'string' || Buffer.isBuffer(msg) ? msg : JSON.stringify(msg))
    },
    next,
    until,
    nextId: () => ++ids,
    async event(trigger, values = {}, data) {
      const id = ++ids
      client.send({ t: 'event', id, trigger, values, ...(data !== undefined && { data }) })
      const messages = await until(
        (m) => (m.t === 'done' || m.t === 'error') && m.e === id,
        `the done of event ${id} (${trigger})`,
      )
      return eventResult(id, messages)
    },
    close() {
      open_clients.delete(client)
      if (ws.readyState === WebSocket.CLOSED) return Promise.resolve()
      return new Promise((resolve) => {
        ws.once('close', () => resolve())
        ws.close()
      })
    },
  }
  open_clients.add(client)
  return client
}

/** Opens a socket, says hello with `graph` and waits for the welcome. */
export async function connect(url: string, graph: AppGraph, options: OpenOptions = {}): Promise<Client> {
  const client = await open(url, options)
  client.send({ t: 'hello', v: PROTOCOL_VERSION, graph })
  const m = await client.next('the welcome')
  if (m.t !== 'welcome') throw new Error(`expected a welcome, got ${JSON.stringify(m)}`)
  client.welcome = m
  client.session = m.session
  return client
}

/** Closes every client this module opened and has not closed yet (for `afterEach`), but those in `keep`. */
export async function closeAll(...keep: Client[]): Promise<void> {
  await Promise.all([...open_clients].filter((c) => !keep.includes(c)).map((c) => c.close()))
}

/** Sorts an event's messages, the ones naming other events included. */
export function eventResult(id: number, messages: ServerMessage[]): EventResult {
  const mine = messages.filter((m) => 'e' in m && m.e === id)
  return {
    id,
    messages,
    updates: mine.filter((m): m is UpdateMessage => m.t === 'update'),
    ends: mine.filter((m): m is EndMessage => m.t === 'end'),
    errors: mine.filter((m): m is ErrorMessage => m.t === 'error'),
    done: mine.find((m): m is DoneMessage => m.t === 'done'),
  }
}

// --- graphs ---

/** A listener as in HTML: `on('add.click cart.change', 'add_items', 'items cart', 'cart', { name: 'adding' })`. */
export function on(
  triggers: string,
  fn?: string,
  inputs = '',
  outputs = '',
  extra: Partial<Pick<ListenerSpec, 'name' | 'cancels'>> = {},
): Omit<ListenerSpec, 'id'> {
  return { triggers: words(triggers), ...(fn !== undefined && { fn }), inputs: words(inputs), outputs: words(outputs), ...extra }
}

/**
 * A page's graph. `states` maps names to page defaults (or lists full specs); listeners take their
 * position as id, so `ends.find((m) => m.l === 2)` is the third listener's. Like a page, which
 * declares every named element, it adds the source of each trigger (`add` of `add.click`) to the
 * controls unless it is a state, a listener's name or one of `serverStates` (states the server
 * declares, which a page need not); `{ raw: true }` sends the graph as given. `browser` lists the
 * page's browser states (`<g-browser-state>`), sent as `graph.browser`. `globals` lists the server's
 * globals the page shows (`<g-global-state>`), sent as `graph.globals`; like states, they are not controls.
 */
export function graph({
  states = {},
  controls = [],
  listeners = [],
  serverStates = [],
  raw = false,
  browser,
  globals,
}: {
  states?: Record<string, unknown> | StateSpec[]
  controls?: string[]
  listeners?: Array<Omit<ListenerSpec, 'id'>>
  serverStates?: string[]
  raw?: boolean
  browser?: BrowserStateSpec[]
  globals?: string[]
}): AppGraph {
  const stateSpecs = Array.isArray(states) ? states : Object.entries(states).map(([name, value]) => ({ name, value }))
  const named = new Set([...stateSpecs.map((s) => s.name), ...(browser ?? []).map((b) => b.name), ...controls, ...listeners.flatMap((l) => (l.name ? [l.name] : []))])
  const sources = raw
    ? []
    : listeners.flatMap((l) => l.triggers.map((t) => t.slice(0, t.lastIndexOf('.'))).filter((s) => s && !named.has(s) && !serverStates.includes(s) && !globals?.includes(s)))
  return {
    states: stateSpecs,
    controls: [...controls, ...new Set(sources)],
    listeners: listeners.map((l, id) => ({ id, ...l })),
    ...(browser !== undefined && { browser }),
    ...(globals !== undefined && { globals }),
  }
}

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean)
}

/** A promise with its resolve at hand: a gate a test opens when it is ready. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void
  const promise = new Promise<T>((resolve) => (open = resolve))
  return { promise, open }
}

/** Resolves as `promise` does, or fails after {@link WAIT_MS} naming `what` (a guard, never a sleep). */
export function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`)), WAIT_MS)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Polls `f` until it answers something other than `false` or `undefined`, and resolves with that;
 * fails naming `what` past `boundMs` (a condition, never a sleep).
 */
export async function until<T>(f: () => T | false | undefined | Promise<T | false | undefined>, what: string, { boundMs = WAIT_MS, everyMs = 10 } = {}): Promise<T> {
  const end = Date.now() + boundMs
  for (;;) {
    const value = await f()
    if (value !== false && value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/** A `log` option that records what the server logs instead of printing it. */
export function captureLog() {
  const calls: { level: 'warn' | 'error'; args: unknown[] }[] = []
  return {
    calls,
    log: {
      warn: (...args: unknown[]) => void calls.push({ level: 'warn', args }),
      error: (...args: unknown[]) => void calls.push({ level: 'error', args }),
    },
    /** Everything logged, as one string (errors with their messages and stacks). */
    text: () =>
      calls
        .flatMap((c) => c.args)
        .map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a)))
        .join('\n'),
  }
}

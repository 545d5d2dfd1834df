// Helpers of the hardening suites (hardening-*.test.ts): a raw socket that keeps every message
// and waits for conditions, a GET with chosen headers, prototype snapshots, and the counter page.
import assert from 'node:assert/strict'
import { request } from 'node:http'
import WebSocket from 'ws'
import { createApp, type App } from 'g-kit/server'
import { PROTOCOL_VERSION, SOCKET_PATH, type AppGraph, type ServerMessage, type UpdateMessage, type WelcomeMessage } from '../../server/protocol.js'
import { captureLog, graph, on, WAIT_MS } from './_ws.js'

// --- a raw socket that keeps every message and waits for conditions ---

/** A socket to the app that keeps every message the server sent, for tests that look at all of them. */
export interface Raw {
  readonly ws: WebSocket
  /** Every message, in order (the server's arrays unpacked). */
  readonly messages: ServerMessage[]
  /** How the socket closed, once it has. */
  closed?: { code: number; reason: string }
  /** Frames from the server that were not JSON arrays of messages. */
  readonly bad: string[]
  send(msg: unknown): void
  /** Resolves with what `check` returns once it is truthy, checked now and at every message and close; fails after `ms` naming `what`. */
  when<T>(check: () => T | undefined | false | null, what: string, ms?: number): Promise<T>
  /** Drops the connection at once, as a lost network does: no closing handshake. */
  terminate(): void
}

const raws = new Set<Raw>()

/** Opens a socket without saying hello; rejects with the HTTP status when the upgrade is refused. */
export async function rawOpen(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  const ws = new WebSocket(new URL(SOCKET_PATH, url), { headers })
  const waiters = new Set<() => void>()
  const raw: Raw = {
    ws,
    messages: [],
    bad: [],
    send(msg) {
      ws.send(typeof msg === 'string' || msg instanceof Uint8Array ? msg : JSON.stringify(msg))
    },
    when<T>(check: () => T | undefined | false | null, what: string, ms = WAIT_MS): Promise<T> {
      const now = check()
      if (now) return Promise.resolve(now)
      return new Promise<T>((resolve, reject) => {
        const done = () => {
          waiters.delete(waiter)
          clearTimeout(timer)
        }
        const waiter = () => {
          let value: T | undefined | false | null
          try {
            value = check()
          } catch (error) {
            done()
            return reject(error)
          }
          if (value) {
            done()
            resolve(value)
          } else if (raw.closed) {
            done()
            reject(new Error(`the socket closed (code ${raw.closed.code}) while waiting for ${what}`))
          }
        }
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`timed out after ${ms} ms waiting for ${what}; last messages: ${JSON.stringify(raw.messages.slice(-5)).slice(0, 800)}`))
        }, ms)
        waiters.add(waiter)
      })
    },
    terminate() {
      raws.delete(raw)
      ws.terminate()
    },
  }
  ws.on('message', (data, isBinary) => {
    let parsed: unknown
    try {
      parsed = isBinary ? undefined : JSON.parse(data.toString())
    } catch {
      parsed = undefined
    }
    if (Array.isArray(parsed)) raw.messages.push(...(parsed as ServerMessage[]))
    else raw.bad.push(data.toString().slice(0, 200))
    for (const waiter of [...waiters]) waiter()
  })
  ws.on('error', () => {}) // shows as a refused open or a close
  ws.on('close', (code, reason) => {
    raw.closed = { code, reason: reason.toString() }
    for (const waiter of [...waiters]) waiter()
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (req, res) => {
      reject(Object.assign(new Error(`the upgrade was refused with HTTP ${res.statusCode}`), { status: res.statusCode }))
      res.resume()
      req.destroy()
    })
    ws.once('error', reject)
  })
  raws.add(raw)
  return raw
}

/** Says hello (with `resume` if given) and waits for the welcome. */
export async function rawHello(raw: Raw, page: AppGraph, resume?: string): Promise<WelcomeMessage> {
  raw.send({ t: 'hello', v: PROTOCOL_VERSION, graph: page, ...(resume !== undefined && { resume }) })
  const reply = await raw.when(() => raw.messages.find((m) => m.t === 'welcome' || m.t === 'error'), 'the welcome')
  assert.equal(reply.t, 'welcome', `expected a welcome, got ${JSON.stringify(reply)}`)
  return reply as WelcomeMessage
}

export function closeRaws(): void {
  for (const raw of raws) raw.terminate()
}

/** A GET with chosen headers (fetch would not let a test set Origin or Host). */
export function get(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** The own property names of the prototypes a pollution would touch, to compare before and after. */
export function prototypeSnapshot(): string {
  const of = (o: object) => Reflect.ownKeys(o).map(String).sort().join(',')
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map(of).join('|')
}

export function assertUnpolluted(snapshot: string, when: string): void {
  assert.equal(prototypeSnapshot(), snapshot, `a prototype changed ${when}`)
  const probe = {} as Record<string, unknown>
  for (const key of ['polluted', 'isAdmin', 'x']) assert.equal(probe[key], undefined, `Object.prototype.${key} was set ${when}`)
  assert.equal(Object.getPrototypeOf(probe), Object.prototype)
}

// --- pages ---

/** A counter page: `inc.click` adds one to the server state `count` and shows the new value; `read.click` shows it. */
export const counterPage = graph({
  controls: ['inc', 'read', 'shown'],
  listeners: [on('inc.click', 'increment', 'count', 'count shown'), on('read.click', 'show', 'count', 'shown')],
  serverStates: ['count'],
})

export function counterApp(options: Parameters<typeof createApp>[0] = {}): App {
  const app = createApp({ log: captureLog().log, ...options })
  app.state('count', { value: 0 })
  app.fn('increment', (n: number) => [n + 1, n + 1])
  app.fn('show', (n: number) => n)
  return app
}

/** The value an event showed in `shown`, from its updates. */
export function shownOf(updates: UpdateMessage[]): unknown {
  return updates.find((u) => u.values && 'shown' in u.values)?.values?.shown
}


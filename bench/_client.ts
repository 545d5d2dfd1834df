// A bench client: one WebSocket doing ping-pong round trips, either as a g-kit page (hello, then
// events whose replies end with `done`) or against the bare echo server (the same frames echoed).
import WebSocket from 'ws'
import { PROTOCOL_VERSION, SOCKET_PATH, type AppGraph, type EventMessage, type ServerMessage } from '../server/protocol.js'

/** What the socket talks to. */
export type Target = 'app' | 'echo'

/** The page the client plays: a button whose listener increments a session state (the server's `increment`). */
export const COUNTER_PAGE: AppGraph = {
  states: [{ name: 'count', value: 0 }],
  controls: ['inc'],
  listeners: [{ id: 0, triggers: ['inc.click'], fn: 'increment', inputs: ['count'], outputs: ['count'] }],
}

const OPEN_TIMEOUT_MS = 10_000

export class BenchSocket {
  readonly #ws: WebSocket
  readonly #target: Target
  #nextId = 1
  #lastDone = 0
  #waiting?: { id: number; resolve: () => void; reject: (error: Error) => void }
  /** The size of the last event sent. */
  lastFrameBytes = 0

  private constructor(ws: WebSocket, target: Target) {
    this.#ws = ws
    this.#target = target
    ws.on('message', (data) => this.#receive(String(data)))
    ws.on('close', () => this.#waiting?.reject(new Error('the socket closed during a round trip')))
  }

  /** Opens a socket to `<url>g/ws`; for the app, says hello with `graph` and waits for the welcome. */
  static async open(url: string, target: Target, graph: AppGraph = COUNTER_PAGE): Promise<BenchSocket> {
    const ws = new WebSocket(new URL(SOCKET_PATH, url))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out opening ${ws.url}`)), OPEN_TIMEOUT_MS)
      ws.once('open', () => (clearTimeout(timer), resolve()))
      ws.once('error', (error) => (clearTimeout(timer), reject(error)))
    })
    if (target === 'echo') return new BenchSocket(ws, target)
    const welcome = new Promise<ServerMessage[]>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))))
    ws.send(JSON.stringify({ t: 'hello', v: PROTOCOL_VERSION, graph }))
    const [message] = await welcome
    if (message?.t !== 'welcome') throw new Error(`expected a welcome, got ${JSON.stringify(message)}`)
    return new BenchSocket(ws, target)
  }

  /**
   * Sends the next event, built as a page builds it (with the `ack` of the last `done`), and
   * resolves when its reply is complete: the app's `done`, or the echo of the frame.
   */
  roundTrip(): Promise<void> {
    if (this.#waiting) return Promise.reject(new Error('one round trip at a time'))
    const id = this.#nextId++
    const event: EventMessage = { t: 'event', id, trigger: 'inc.click', values: {}, ...(this.#lastDone && { ack: this.#lastDone }) }
    const frame = JSON.stringify(event)
    this.lastFrameBytes = frame.length
    return new Promise((resolve, reject) => {
      this.#waiting = { id, resolve, reject }
      this.#ws.send(frame)
    })
  }

  close(): Promise<void> {
    if (this.#ws.readyState === WebSocket.CLOSED) return Promise.resolve()
    return new Promise((resolve) => {
      this.#ws.once('close', () => resolve())
      this.#ws.close()
    })
  }

  #receive(text: string): void {
    const waiting = this.#waiting
    if (!waiting) return
    // Both targets' replies are parsed, as a page parses them.
    const reply: unknown = JSON.parse(text)
    if (this.#target === 'echo') {
      if ((reply as EventMessage).id === waiting.id) this.#settle()
      return
    }
    for (const message of reply as ServerMessage[]) {
      if (message.t === 'error') return this.#settle(new Error(`the server answered event ${waiting.id} with: ${message.message}`))
      if (message.t === 'end' && !message.ok) return this.#settle(new Error(`event ${waiting.id} failed: ${message.error}`))
      if (message.t === 'done' && message.e === waiting.id) {
        this.#lastDone = waiting.id
        return this.#settle()
      }
    }
  }

  #settle(error?: Error): void {
    const waiting = this.#waiting!
    this.#waiting = undefined
    if (error) waiting.reject(error)
    else waiting.resolve()
  }
}

/** Times `count` sequential round trips of `socket` into `samples` from `start`, in µs. */
export async function timeRoundTrips(socket: BenchSocket, samples: Float64Array, start: number, count: number): Promise<void> {
  for (let i = start; i < start + count; i++) {
    const t0 = performance.now()
    await socket.roundTrip()
    samples[i] = (performance.now() - t0) * 1000
  }
}

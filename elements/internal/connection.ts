import type { ClientMessage, EventMessage, HelloMessage, ServerMessage } from '../../server/protocol.js'

/** What a connection reports about itself. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting'

export interface ConnectionHandlers {
  message(message: ServerMessage): void
  status(status: ConnectionStatus, detail?: string): void
  /** The server started a new session instead of resuming the page's: these events were dropped. */
  dropped(events: number[]): void
}

/** Delays between reconnection attempts grow from this… */
const FIRST_RETRY = 250
/** …to this, with jitter, so that a restarted server is not hit by every page at once. */
const LAST_RETRY = 15_000
/** After this long without a frame, the page asks for a `pong`… */
const QUIET = 20_000
/** …and takes the connection for dead if nothing comes back within this. */
const PATIENCE = 8_000

/**
 * One app's WebSocket, kept alive: it reconnects by itself with backoff and resumes the session
 * (with the resume token the server gave). Events wait while it is down and go out in order once
 * the server has welcomed the page; an event whose reply was lost is sent again (the server
 * applies it once). A connection that stays silent is probed and replaced if dead.
 */
export class Connection {
  #socket?: WebSocket
  #resume?: string
  /** Events not yet done, by id, in the order they were triggered. */
  #unfinished = new Map<number, EventMessage>()
  /** Other messages triggered while the connection was down. */
  #waiting: ClientMessage[] = []
  #welcomed = false
  #lastDone = 0
  #attempt = 0
  #closed = false
  #retry?: ReturnType<typeof setTimeout>
  #probe?: ReturnType<typeof setTimeout>

  constructor(
    readonly url: string,
    private hello: HelloMessage,
    private handlers: ConnectionHandlers,
  ) {
    this.#open()
  }

  /** Sends an event now, or once the session is (re)established; it is sent again until done. */
  sendEvent(event: EventMessage): void {
    if (this.#lastDone) event.ack = this.#lastDone
    this.#unfinished.set(event.id, event)
    if (this.#welcomed) this.#socket!.send(JSON.stringify(event))
  }

  send(message: ClientMessage): void {
    if (this.#welcomed) this.#socket!.send(JSON.stringify(message))
    else this.#waiting.push(message)
  }

  /** Closes for good: the page left. */
  close(): void {
    this.#closed = true
    clearTimeout(this.#retry)
    clearTimeout(this.#probe)
    this.#socket?.close(1000, 'page left')
  }

  #open(): void {
    this.handlers.status(this.#attempt ? 'reconnecting' : 'connecting')
    const socket = (this.#socket = new WebSocket(this.url))
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify(this.#resume ? { ...this.hello, resume: this.#resume } : this.hello))
      this.#listen(socket)
    })
    socket.addEventListener('message', (event) => {
      if (socket === this.#socket) this.#receive(event.data)
    })
    socket.addEventListener('close', (event) => {
      if (socket !== this.#socket) return
      if (event.code === 1009) this.#refuseOldest()
      this.#lost(event.reason || (event.code === 1006 ? 'the server could not be reached or refused the page' : ''))
    })
  }

  #receive(data: unknown): void {
    this.#listen(this.#socket!)
    let messages: unknown
    try {
      messages = JSON.parse(String(data))
    } catch {
      return console.warn('[g-kit] ignored a frame that is not JSON')
    }
    for (const message of (Array.isArray(messages) ? messages : [messages]) as ServerMessage[]) {
      // Events finish in order: what comes for one already done is a replay the page has seen.
      if ('e' in message && message.e !== undefined && message.e <= this.#lastDone) continue
      if (message.t === 'welcome') this.#welcome(message.resume, message.resumed)
      if (message.t === 'done' || (message.t === 'error' && message.e !== undefined)) this.#unfinished.delete(message.e!)
      // Only `done`s come in order; an error for a frame can come while an earlier event still runs.
      if (message.t === 'done') this.#lastDone = Math.max(this.#lastDone, message.e)
      if (message.t !== 'pong') this.handlers.message(message)
    }
  }

  #welcome(resume: string, resumed: boolean): void {
    const fresh = this.#resume === undefined
    this.#resume = resume
    this.#welcomed = true
    this.#attempt = 0
    this.handlers.status('open')
    if (!fresh && !resumed) {
      // A new session: what the page triggered for the old one no longer applies.
      this.handlers.dropped([...this.#unfinished.keys()])
      this.#unfinished.clear()
      this.#waiting = []
    }
    for (const message of [...this.#unfinished.values(), ...this.#waiting.splice(0)]) this.#socket!.send(JSON.stringify(message))
  }

  /** The server closed the socket on a frame too large: the oldest unfinished event, which it would refuse again and again, is given up. */
  #refuseOldest(): void {
    const [id] = this.#unfinished.keys()
    if (id === undefined) return
    this.#unfinished.delete(id)
    this.handlers.message({ t: 'error', e: id, message: 'this event was too large for the server to take' })
  }

  #lost(reason: string): void {
    this.#welcomed = false
    this.#socket = undefined
    clearTimeout(this.#probe)
    if (this.#closed) return
    this.handlers.status('reconnecting', reason)
    const delay = Math.min(LAST_RETRY, FIRST_RETRY * 2 ** this.#attempt++) * (0.5 + Math.random() / 2)
    this.#retry = setTimeout(() => this.#open(), delay)
  }

  /** Heard from the server: wait for the next quiet spell, then probe. */
  #listen(socket: WebSocket): void {
    clearTimeout(this.#probe)
    this.#probe = setTimeout(() => {
      if (socket.readyState !== WebSocket.OPEN) return
      // The ping also tells the server which results it may forget, so an idle session holds none.
      socket.send(JSON.stringify(this.#lastDone ? { t: 'ping', ack: this.#lastDone } : { t: 'ping' }))
      this.#probe = setTimeout(() => {
        // A dead connection may take minutes to report its close: give up on it now.
        socket.close()
        this.#lost('the connection stopped answering')
      }, PATIENCE)
    }, QUIET)
  }
}

declare const __G_STANDALONE__: boolean | undefined

/**
 * The WebSocket URL of an app: under its `server` attribute if given; else under the server that
 * served kit.js (when the page loaded the standalone bundle); else the page's own origin.
 */
export function socketUrl(server: string | null | undefined, path: string): string {
  const standalone = typeof __G_STANDALONE__ !== 'undefined' && __G_STANDALONE__
  // kit.js is served at <base>/g/kit.js. (Through a variable: Vite would take `new URL(path, import.meta.url)` for an asset.)
  const kitUrl = import.meta.url
  let base = server ? new URL(server, document.baseURI) : standalone ? new URL('..', kitUrl) : new URL('/', location.href)
  if (!base.pathname.endsWith('/')) base = new URL(base.pathname + '/' + base.search, base)
  const url = new URL(path, base)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.href
}

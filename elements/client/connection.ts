import type { ClientMessage, EventMessage, HelloMessage, ServerMessage } from '../../server/protocol.js'

/** What a connection reports about itself. `refused`: the server will not take this page; it does not retry. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'refused'

/** The part of a WebSocket a connection uses: the browser's, Node's own (≥ 22), or the `ws` package's. */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void
}

/** A WebSocket class: `new WebSocket(url)` (the browser's, or the `ws` package's). */
export type SocketClass = new (url: string) => object

export interface ConnectionHandlers {
  message(message: ServerMessage): void
  status(status: ConnectionStatus, detail?: string): void
  /** The server started a new session instead of resuming the page's: these events were not done, and will not be. */
  dropped(events: EventMessage[]): void
}

/** Delays between reconnection attempts grow from this… */
const FIRST_RETRY = 250
/** …to this, with jitter, so that a restarted server is not hit by every page at once. */
const LAST_RETRY = 15_000
/** After this long without a frame, the client asks for a `pong`… */
const QUIET = 20_000
/** …and takes the connection for dead if nothing comes back within this. */
const PATIENCE = 8_000
/** The close code of a server that refused the page's origin. */
const ORIGIN_REFUSED = 4003
const OPEN = 1

/**
 * One session's WebSocket, kept alive, with no DOM: it reconnects by itself with backoff and
 * resumes the session (with the resume token the server gave), saying hello with the app as it is
 * then. Events wait while it is down and go out in order once the server has welcomed the client;
 * an event whose reply was lost is sent again (the server applies it once). A connection that stays
 * silent is probed and replaced if dead. Used by `<g-app>` and by `connect()`.
 */
export class Connection {
  #socket?: SocketLike
  #resume?: string
  /** Events not yet done, by id, in the order they were triggered. */
  #unfinished = new Map<number, EventMessage>()
  /** Cancels triggered while the connection was down. */
  #waiting: ClientMessage[] = []
  /** Whether this socket's hello went out: changes to the app after it travel as they come. */
  #helloSent = false
  #welcomed = false
  #lastDone = 0
  #attempt = 0
  #closed = false
  #refusal?: string
  #retry?: ReturnType<typeof setTimeout>
  #probe?: ReturnType<typeof setTimeout>
  #heardAt = 0
  /** The socket whose quiet spell a timer waits for. */
  #quietOn?: SocketLike

  constructor(
    readonly url: string,
    /** The hello to say on each new socket: the app as it is at that moment. */
    private hello: () => HelloMessage,
    private handlers: ConnectionHandlers,
    private Socket: SocketClass,
  ) {
    this.#open()
  }

  /** Sends an event now, or once the session is (re)established; it is sent again until done. */
  sendEvent(event: EventMessage): void {
    if (this.#lastDone) event.ack = this.#lastDone
    this.#unfinished.set(event.id, event)
    if (this.#welcomed) this.#socket!.send(JSON.stringify(event))
  }

  /** Sends a message now, or once the session is (re)established. */
  send(message: ClientMessage): void {
    if (this.#welcomed) this.#socket!.send(JSON.stringify(message))
    else this.#waiting.push(message)
  }

  /** Sends a change of the app (`add`, `remove`), unless no hello went out yet: the next hello holds the whole app. */
  sendChange(message: ClientMessage): void {
    if (this.#helloSent && this.#socket?.readyState === OPEN) this.#socket.send(JSON.stringify(message))
  }

  /** Closes for good: the page or the script is done with the session. */
  close(): void {
    this.#closed = true
    clearTimeout(this.#retry)
    clearTimeout(this.#probe)
    this.#socket?.close(1000, 'page left')
  }

  #open(): void {
    this.handlers.status(this.#attempt ? 'reconnecting' : 'connecting')
    this.#helloSent = false
    let socket: SocketLike
    try {
      socket = this.#socket = new this.Socket(this.url) as SocketLike
    } catch (error) {
      // A URL the platform refuses (a bad scheme, a blocked port) will not get better with retries.
      this.#refusal = `the server's address cannot be used: ${(error as Error).message}`
      return this.handlers.status('refused', this.#refusal)
    }
    // A failure is followed by a close, which says what to do; `ws` throws an error nobody listens to.
    socket.addEventListener('error', () => {})
    socket.addEventListener('open', () => {
      if (socket !== this.#socket) return
      const hello = this.hello()
      socket.send(JSON.stringify(this.#resume ? { ...hello, resume: this.#resume } : hello))
      this.#helloSent = true
      this.#listen(socket)
    })
    socket.addEventListener('message', (event) => {
      if (socket === this.#socket) this.#receive(event.data)
    })
    socket.addEventListener('close', (event) => {
      if (socket !== this.#socket) return
      if (event.code === 1009) this.#refuseOldest()
      if (event.code === ORIGIN_REFUSED || this.#refusal) return this.#refused(event.reason)
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
      // Events finish in order: what comes for one already done is a replay the client has seen.
      if ('e' in message && message.e !== undefined && message.e <= this.#lastDone) continue
      if (message.t === 'error' && message.code === 'origin') this.#refusal = message.message
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
      // A new session: what was triggered for the old one no longer applies. Its owner says so.
      const dropped = [...this.#unfinished.values()]
      this.#unfinished.clear()
      this.#waiting = []
      this.handlers.dropped(dropped)
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

  #refused(reason: string | undefined): void {
    this.#welcomed = false
    this.#socket = undefined
    this.#closed = true
    clearTimeout(this.#probe)
    this.handlers.status('refused', this.#refusal ?? (reason || 'the server refused this page'))
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
  #listen(socket: SocketLike): void {
    this.#heardAt = Date.now()
    // One timer per quiet spell, not per frame (a streamed reply is a frame per chunk): it waits on if a frame came meanwhile.
    if (this.#quietOn === socket) return
    clearTimeout(this.#probe)
    this.#quietOn = socket
    const quiet = (delay: number) => (this.#probe = unref(setTimeout(() => {
      if (Date.now() - this.#heardAt < QUIET) return quiet(QUIET - (Date.now() - this.#heardAt))
      this.#quietOn = undefined
      if (socket.readyState !== OPEN) return
      // The ping also tells the server which results it may forget, so an idle session holds none.
      socket.send(JSON.stringify(this.#lastDone ? { t: 'ping', ack: this.#lastDone } : { t: 'ping' }))
      this.#probe = unref(setTimeout(() => {
        // A dead connection may take minutes to report its close: give up on it now.
        socket.close()
        this.#lost('the connection stopped answering')
      }, PATIENCE))
    }, delay)))
    quiet(QUIET)
  }
}

/** A script's idle session must not keep Node running by its probes alone. */
function unref<T>(timer: T): T {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}

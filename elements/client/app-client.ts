import { PROTOCOL_VERSION, type AppGraph, type EndMessage, type EventMessage, type ProgressMessage, type ServerMessage, type ToastMessage, type UpdateMessage, type WelcomeMessage } from '../../server/protocol.js'
import { Connection, type ConnectionStatus, type SocketClass } from './connection.js'

/** How an event ended, for its owner. */
export interface EventOutcome {
  /** The event failed as a whole (not through one of its listeners): the message to show. */
  error?: string
  /** The session it was meant for is gone (expired, or the server restarted): it was not done, and will not be. */
  notDone?: true
}

/** What the owner of one event hears of it, in order. */
export interface EventHandlers {
  /** One step of one of its listeners. */
  update?(message: UpdateMessage): void
  /** One of its listeners finished (each once, replays skipped). */
  end?(message: EndMessage): void
  /** How far one of its listeners still running is (`ctx.progress`). */
  progress?(message: ProgressMessage): void
  /** The event is over. */
  finish?(outcome: EventOutcome): void
}

/** What the owner of a session hears of it. */
export interface AppClientHandlers {
  /** The whole app as it is now: said in each hello. */
  app(): AppGraph
  status(status: ConnectionStatus, detail?: string): void
  /** The server welcomed the client: a new session, or the one it resumed. */
  welcome(message: WelcomeMessage): void
  /** The session was gone and a new one started: these events (each already finished as not done) will not be done. */
  lost(events: EventMessage[]): void
  /** States or globals changed outside the client's events. */
  changed(names: string[]): void
  /** Mistakes in what the client added to its app (or what it declared again on resume). */
  problems(problems: string[]): void
  /** An error that names no event. */
  error(message: string, code?: string): void
  /** A notice for the user (`ctx.info`, `ctx.warning`). */
  toast?(message: ToastMessage): void
}

/** Options of the client's socket. */
export interface AppClientOptions {
  /** The WebSocket class to use (the `ws` package in Node 20); by default the global one. */
  WebSocket?: SocketClass
}

/**
 * One session on a g-kit server, with no DOM: its app (declared by its owner, changed at any
 * time), its events with their results routed to whoever started each one, cancels, and what
 * happens when the session is lost. `<g-app>` and `connect()` are its two faces.
 */
export class AppClient {
  /** The session's id, once welcomed. */
  session?: string
  readonly connection: Connection
  #nextEvent = 1
  #running = new Map<number, { handlers: EventHandlers; ended: Set<number> }>()

  constructor(
    readonly url: string,
    private handlers: AppClientHandlers,
    options: AppClientOptions = {},
  ) {
    const Socket = options.WebSocket ?? (globalThis.WebSocket as unknown as SocketClass | undefined)
    if (!Socket) throw new Error('[g-kit] there is no WebSocket here: pass one (in Node 20, `import { WebSocket } from "ws"`)')
    this.connection = new Connection(url, () => ({ t: 'hello', v: PROTOCOL_VERSION, graph: handlers.app() }), {
      message: (message) => this.#receive(message),
      status: (status, detail) => {
        // A refused page gets no answer to anything it sent: its events end now, with the reason.
        if (status === 'refused') for (const id of [...this.#running.keys()]) this.#finish(id, { error: detail ?? 'the server refused this page' })
        handlers.status(status, detail)
      },
      dropped: (events) => {
        for (const event of events) this.#finish(event.id, { notDone: true })
        handlers.lost(events)
      },
    }, Socket)
  }

  /** Starts an event; its results go to `handlers`. Returns its id. */
  event(trigger: string, values: Record<string, unknown>, data: unknown, handlers: EventHandlers = {}): number {
    const id = this.#nextEvent++
    this.#running.set(id, { handlers, ended: new Set() })
    this.connection.sendEvent({ t: 'event', id, trigger, values, data })
    return id
  }

  /** Whether event `id` is still running. */
  isRunning(id: number): boolean {
    return this.#running.has(id)
  }

  /** Cancels the running and queued runs of the listeners named `listeners`. */
  cancel(listeners: string[]): void {
    if (listeners.length) this.connection.send({ t: 'cancel', listeners })
  }

  /** Tells the server that elements joined the app. */
  add(graph: AppGraph): void {
    this.connection.sendChange({ t: 'add', graph })
  }

  /** Tells the server that elements left the app: their listeners' ids and the names they declared. */
  remove(listeners: number[], names: string[]): void {
    if (listeners.length || names.length) this.connection.sendChange({ t: 'remove', listeners, names })
  }

  /** Ends the session's connection for good; running events end as they are. */
  close(): void {
    this.connection.close()
    for (const id of [...this.#running.keys()]) this.#finish(id, {})
  }

  #receive(message: ServerMessage): void {
    switch (message.t) {
      case 'welcome':
        this.session = message.session
        return this.handlers.welcome(message)
      case 'changed':
        return this.handlers.changed(message.names)
      case 'added':
        if (message.problems.length) this.handlers.problems(message.problems)
        return
      case 'update':
        return this.#running.get(message.e)?.handlers.update?.(message)
      case 'end': {
        const running = this.#running.get(message.e)
        if (!running || running.ended.has(message.l)) return // a replay of what the client has seen
        running.ended.add(message.l)
        return running.handlers.end?.(message)
      }
      case 'done':
        return this.#finish(message.e, {})
      case 'error':
        if (message.e !== undefined && this.#running.has(message.e)) return this.#finish(message.e, { error: message.message })
        return this.handlers.error(message.message, message.code)
      // display: ctx.info / ctx.warning, and ctx.progress of a listener still running
      case 'toast':
        return this.handlers.toast?.(message)
      case 'progress': {
        const running = this.#running.get(message.e)
        if (running && !running.ended.has(message.l)) running.handlers.progress?.(message)
        return
      }
    }
  }

  #finish(id: number, outcome: EventOutcome): void {
    const running = this.#running.get(id)
    if (!running) return
    this.#running.delete(id)
    running.handlers.finish?.(outcome)
  }
}

import { randomBytes } from 'node:crypto'
import type { ServerMessage } from './protocol.js'
import type { AppCore } from './core.js'
import type { RequestInfo } from './context.js'
import { compileGraph, type Graph } from './graph.js'
import { copyState } from './values.js'

/** The handle of one queued or running event, for cancelling it. */
export interface EventControl {
  /** Aborts when the session ends. */
  controller: AbortController
  /** Names of listeners cancelled while the event waited or ran: they are skipped. */
  cancelled: Set<string>
  /** The listener running now, if it has a name, with its own controller. */
  active?: { name?: string; controller: AbortController }
}

/** Sends one frame: the messages of one flush. */
export type SendFrame = (text: string) => void

/**
 * One page load of one `<g-app>`: its declarations, its queue of events (run one at a time, in
 * order) and its private objects. Its states live in the app's store.
 */
export class Session {
  /** 128 random bits, base64url: made here, never chosen by a page. */
  readonly id = randomBytes(16).toString('base64url')
  /** Private states: objects that never leave this process. */
  readonly local = new Map<string, unknown>()
  graph: Graph
  /** When the page's socket closed; unset while it is open. */
  closedAt?: number
  #tail: Promise<void> = Promise.resolve()
  #outbox: ServerMessage[] = []
  #events = new Set<EventControl>()

  constructor(
    readonly core: AppCore,
    graphSpec: Parameters<typeof compileGraph>[0],
    readonly request: RequestInfo,
    public send: SendFrame,
  ) {
    this.graph = compileGraph(graphSpec, core)
  }

  /** Runs `task` after every task queued before it; a failing task does not stop the queue. */
  enqueue(task: (control: EventControl) => Promise<void>): Promise<void> {
    const control: EventControl = { controller: new AbortController(), cancelled: new Set() }
    this.#events.add(control)
    const run = this.#tail
      .then(() => task(control))
      .catch((error) => this.core.log.error(`[g-kit] session ${this.id}: event failed`, error))
      .finally(() => {
        this.#events.delete(control)
        this.flush()
      })
    this.#tail = run
    return run
  }

  /** Cancels the listeners named `names` in every queued and running event: queued runs are skipped, a running one stops. */
  cancel(names: readonly string[]): void {
    for (const event of this.#events) {
      for (const name of names) event.cancelled.add(name)
      if (event.active && names.includes(event.active.name!)) event.active.controller.abort()
    }
  }

  /** Aborts every queued and running event: the session is ending. */
  abortAll(): void {
    for (const event of this.#events) event.controller.abort()
  }

  /** Queues a message for the next {@link flush}. */
  post(message: ServerMessage): void {
    this.#outbox.push(message)
  }

  /** Sends every queued message in one frame. */
  flush(): void {
    if (!this.#outbox.length) return
    const frame = JSON.stringify(this.#outbox)
    this.#outbox = []
    this.send(frame)
  }

  /** A private state's object, made by its factory on first use. */
  privateState(name: string): unknown {
    if (!this.local.has(name)) {
      const value = this.core.states.get(name)?.value
      this.local.set(name, typeof value === 'function' ? value() : value)
    }
    return this.local.get(name)
  }

  /** A state's default for this session: the server's declaration wins over the page's. */
  defaultState(name: string): unknown {
    const declared = this.core.states.get(name)
    if (declared) return typeof declared.value === 'function' ? declared.value() : copyState(name, declared.value)
    return copyState(name, this.graph.pageDefaults.get(name) ?? null)
  }
}

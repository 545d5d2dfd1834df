import { randomBytes } from 'node:crypto'
import type { ServerMessage } from './protocol.js'
import type { AppCore } from './core.js'
import type { RequestInfo } from './context.js'
import { compileGraph, type Graph } from './graph.js'
import { copyState } from './values.js'

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
  /** The name of the listener running now, for `cancels`. */
  activeListener?: string
  #tail: Promise<void> = Promise.resolve()
  #outbox: ServerMessage[] = []
  #controllers = new Set<AbortController>()
  #current?: AbortController

  constructor(
    readonly core: AppCore,
    graphSpec: Parameters<typeof compileGraph>[0],
    readonly request: RequestInfo,
    public send: SendFrame,
  ) {
    this.graph = compileGraph(graphSpec, core)
  }

  /**
   * Runs `task` after every task queued before it; a failing task does not stop the queue.
   * Its signal aborts when the task is cancelled or the session ends.
   */
  enqueue(task: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const controller = new AbortController()
    this.#controllers.add(controller)
    const run = this.#tail
      .then(() => {
        this.#current = controller
        return task(controller.signal)
      })
      .catch((error) => this.core.log.error(`[g-kit] session ${this.id}: event failed`, error))
      .finally(() => {
        this.#controllers.delete(controller)
        this.activeListener = undefined
        this.flush()
      })
    this.#tail = run
    return run
  }

  /** Cancels the running event if the listener it runs now is one of `names`. */
  cancel(names: readonly string[]): void {
    if (this.activeListener !== undefined && names.includes(this.activeListener)) this.#current?.abort()
  }

  /** Aborts every queued and running event: the session is ending. */
  abortAll(): void {
    for (const controller of this.#controllers) controller.abort()
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

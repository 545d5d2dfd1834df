import { randomBytes } from 'node:crypto'
import type { ServerMessage } from '../protocol.js'
import type { AppCore } from '../core.js'
import type { RequestInfo } from '../run/context.js'
import { pageGraph, type Graph } from '../run/graph.js'
import { EventQueue, type EventControl, type Task } from './queue.js'
import { KeptResults } from './kept.js'
import { sameSecret } from './token.js'
import { jsonBytes, messageJson } from '../wire/json.js'

export type { EventControl }

/** Sends one frame: the messages of one flush. */
export type SendFrame = (text: string) => void

/**
 * How many events a session keeps the results of until the page acknowledges them, for a page
 * that reconnects and sends them again (a page acknowledges as it goes: this bounds one that does
 * not, with `maxKeptResults` bytes).
 */
const KEPT_RESULTS = 1024
/** How many notices a closed session holds for its page's return. */
const KEPT_NOTICES = 128

const ignore: SendFrame = () => {}

/**
 * One page load of one `<g-app>`: its declarations, its queue of events (run one at a time, in
 * order) and its private objects. Its states live in the app's store.
 */
export class Session {
  /** 128 random bits, base64url: made here (or by the instance that opened it), never chosen by a page. */
  readonly id: string
  graph: Graph
  /** When the page's socket closed; unset while it is open. */
  closedAt?: number
  /** The socket attached now; none while the session is closed. */
  socket?: object
  /** The highest event id the page has sent. */
  lastEvent = 0
  /** Set when the session has ended for good: nothing more runs in it. */
  ended = false
  // Sessions are many and mostly idle: what most of them never use is made on first use.
  #local?: Map<string, unknown>
  #writtenAt?: Map<string, number>
  #secret: string
  #send: SendFrame = ignore
  #disconnect?: () => void
  /** Messages outside any event posted while no socket was attached (as JSON): delivered on resume. */
  #held?: string[]
  /** Events waiting their turn, and the one running. */
  #queue?: EventQueue
  /** The messages of the next frame, as JSON joined by commas (the frame is their list). */
  #outbox?: string
  /** The messages of recent events, for replay to a page that sends one again. */
  #kept?: KeptResults

  constructor(
    readonly core: AppCore,
    graphSpec: Parameters<typeof pageGraph>[0],
    readonly request: RequestInfo,
    /** The id and resume secret of a session opened on another instance, taken over here. */
    restored?: { id: string; secret: string },
  ) {
    this.id = restored?.id ?? randomBytes(16).toString('base64url')
    this.#secret = restored?.secret ?? randomBytes(16).toString('base64url')
    this.graph = pageGraph(graphSpec, core)
  }

  /** Private states: objects that never leave this process. */
  get local(): Map<string, unknown> {
    return (this.#local ??= new Map())
  }

  /** When each state with a `ttl` was last written. */
  get writtenAt(): Map<string, number> {
    return (this.#writtenAt ??= new Map())
  }

  /** What the page presents to resume this session after a dropped connection: its id and a secret only it knows. */
  get resumeToken(): string {
    return `${this.id}.${this.#secret}`
  }

  /** Whether `secret` (the second half of a resume token) is this session's; compared in constant time. */
  owns(secret: string): boolean {
    return sameSecret(secret, this.#secret)
  }

  /** Binds the session to a socket (replacing any other): it is open again. */
  attach(socket: object, send: SendFrame, disconnect: () => void): void {
    if (this.socket !== socket) this.#disconnect?.()
    this.#kept?.newSocket()
    this.socket = socket
    this.#send = send
    this.#disconnect = disconnect
    this.closedAt = undefined
  }

  /** Sends what was held while no socket was attached. */
  deliverHeld(): void {
    if (!this.#held) return
    this.#toOutbox(this.#held.join(','))
    this.#held = undefined
    this.flush()
  }

  /** Closes the attached socket, if any: the session has ended. */
  disconnect(): void {
    this.#disconnect?.()
  }

  /** Unbinds `socket`, if it is the session's: the session is closed from `now`. Returns whether it was. */
  detach(socket: object, now: number): boolean {
    if (this.socket !== socket) return false
    this.socket = undefined
    this.#send = ignore
    this.#disconnect = undefined
    this.closedAt = now
    return true
  }

  /**
   * Takes an event id from the page, with the acknowledgement it carries. A new id (above every one
   * seen) returns true. An id seen before returns false, after replaying what that event has sent
   * so far: its reply was lost, so the page sent it again; it runs once, and what it still sends
   * reaches the page as it comes.
   */
  accept(id: number, ack?: number): boolean {
    // The results kept stay made from one event to the next: only an acknowledgement that leaves the page idle lets them go.
    const kept = (this.#kept ??= new KeptResults(this.core.options.maxKeptResults, KEPT_RESULTS))
    if (ack !== undefined) kept.acknowledge(ack)
    if (id > this.lastEvent) {
      this.lastEvent = id
      kept.start(id)
      return true
    }
    const replay = kept.replay(id)
    // A replay is empty when it was made on this socket already: the page gets it once.
    if (replay?.length) this.#toOutbox(replay.join(','))
    else if (!replay) this.post({ t: 'error', e: id, message: `event ${id} was already sent, and its results are no longer kept: event ids must increase` })
    this.flush()
    return false
  }

  /** Forgets the results of the events up to `id`: the page has them all. */
  acknowledge(id: number): void {
    this.#kept?.acknowledge(id)
    // Sessions are many and mostly idle: one whose page has every result keeps nothing for it.
    if (this.#kept?.size === 0) this.#kept = undefined
  }

  /** The messages event `id` has sent so far, as JSON texts (undefined when they are not kept). */
  resultsOf(id: number): readonly string[] | undefined {
    return this.#kept?.texts(id)
  }

  /** Takes over the results another instance kept for the page's events after `lastEvent` was committed there. */
  adopt(lastEvent: number, kept: ReadonlyMap<number, unknown>): void {
    if (lastEvent <= this.lastEvent) return
    this.lastEvent = lastEvent
    const results = (this.#kept ??= new KeptResults(this.core.options.maxKeptResults, KEPT_RESULTS))
    for (const [event, texts] of kept) {
      if (results.texts(event) || !Array.isArray(texts)) continue
      results.start(event)
      for (const text of texts) if (typeof text === 'string') results.add(event, text)
    }
  }

  /** Lets go of the queue once it has run everything (sessions are many and mostly idle). */
  dropQueue(queue: EventQueue): void {
    if (this.#queue === queue) this.#queue = undefined
  }

  /** The bytes of results kept for a resend (for tests and benchmarks). */
  get keptBytes(): number {
    return this.#kept?.bytes ?? 0
  }

  /**
   * Runs `task` after every task queued before it (see {@link EventQueue.enqueue}): a page's event
   * `event`, with its frame (or the frame's bytes), or a task of the server's.
   */
  enqueue(task: Task, event?: number, frame: string | number = 0): void {
    if (!this.ended) (this.#queue ??= new EventQueue(this)).enqueue(task, event, frame)
  }

  /** Cancels the listeners named `names` in every queued and running event: queued runs are skipped, a running one stops. */
  cancel(names: readonly string[]): void {
    // Only names of the app's listeners: a page cannot grow what an event holds with names of its own.
    const known = names.filter((name) => this.graph.listenerNames.has(name))
    if (known.length) this.#queue?.cancel(known)
  }

  /** Aborts every queued and running event: the session is ending. */
  abortAll(): void {
    this.#queue?.abortAll()
  }

  /** The session has ended: what it held is let go (its private states after their `onDelete`). */
  release(): void {
    this.#queue?.clear()
    this.#queue = undefined
    this.#outbox = undefined
    this.#held = undefined
    this.#kept = undefined
    this.#local = undefined
    this.#writtenAt = undefined
    this.#send = ignore
    this.#disconnect = undefined
  }

  /**
   * Queues a message for the next {@link flush}, and keeps it with its event's results. It is made
   * JSON here, so that a value that cannot be sent throws to the code that posts it.
   */
  post(message: ServerMessage): void {
    if (this.ended) return
    const text = messageJson(message)
    const event = 'e' in message ? message.e : undefined
    if (event !== undefined) this.#kept?.add(event, text, jsonBytes(message, text))
    if (event === undefined && !this.socket) {
      const held = (this.#held ??= [])
      if (held.length < KEPT_NOTICES) held.push(text)
    } else this.#toOutbox(text)
  }

  /** Sends every queued message in one frame (nowhere while the session is closed: replay covers that). Never throws. */
  flush(): void {
    if (this.#outbox === undefined) return
    const frame = `[${this.#outbox}]`
    this.#outbox = undefined
    try {
      this.#send(frame)
    } catch (error) {
      this.core.log.error(`[g-kit] session ${this.id}: a frame could not be sent`, error)
    }
  }

  /** Adds messages made JSON (one, or several joined by commas) to the next frame. */
  #toOutbox(json: string): void {
    this.#outbox = this.#outbox === undefined ? json : `${this.#outbox},${json}`
  }
}

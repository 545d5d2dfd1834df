import { LazyAbort } from '../run/abort.js'
import type { Session } from './session.js'

/** The handle of one queued or running event, for cancelling it. */
export interface EventControl {
  /** Aborts when the session ends. */
  ending: LazyAbort
  /** Names of listeners cancelled while the event waited or ran: they are skipped. */
  cancelled?: Set<string>
  /** Whether the page cancelled the listener `name` since the event was queued. */
  cancels?(name: string): boolean
  /** The listener running now, with its own abort. */
  active?: { name?: string; abort: LazyAbort }
}

/** A task that finishes at once returns nothing; one that waits on something returns a promise. */
export type Task = (control: EventControl) => void | Promise<void>

/** Listener names cancelled at most for the events of one queue: ten times as many as an app may have. */
const MAX_CANCELLED = 10_000

interface Waiting {
  task: Task
  control: EventControl
  event?: number
  bytes: number
  /** When it was queued, on the queue's clock. */
  at: number
}

/**
 * A session's events: run one at a time, in order; bounded in count and bytes. A task that
 * finishes at once is followed at once: an event that waits on nothing costs no promise.
 */
export class EventQueue {
  #waiting: Waiting[] = []
  #bytes = 0
  #draining = false
  /** The control of the event running (a task that waits is running until it resolves). */
  #running?: EventControl
  /** Counts the events queued and the cancels, to tell which came first. */
  #clock = 0
  #runningAt = 0
  /** When each listener name was last cancelled, on {@link #clock}. */
  #cancelledAt = new Map<string, number>()

  constructor(private readonly session: Pick<Session, 'id' | 'core' | 'post' | 'flush' | 'dropQueue'>) {}

  /**
   * Runs `task` after every task queued before it. A task that fails does not stop the queue; if it
   * is the page's event `event`, the page is told it ended (an error, not a hang). A page's event
   * past the bounds of the queue (`maxQueuedEvents` waiting, or `maxQueuedBytes` of their frames)
   * is not run: the page gets an error naming the bound. `frame` is the event's frame, or its size
   * in bytes: a frame's bytes are counted only when it waits, or might not fit.
   */
  enqueue(task: Task, event: number | undefined, frame: string | number): void {
    const { session } = this
    if (event !== undefined) {
      const refused = this.#refusal(frame)
      if (refused) {
        session.post({ t: 'error', e: event, message: refused })
        return session.flush()
      }
    }
    // An event that runs at once holds no bytes of the queue's.
    if (!this.#draining) return this.#drain(this.#waitingOf(task, event, 0))
    const bytes = bytesOf(frame)
    this.#waiting.push(this.#waitingOf(task, event, bytes))
    this.#bytes += bytes
  }

  /**
   * Cancels the listeners named `names` in every queued and running event: queued runs are skipped,
   * a running one stops. Linear in `names`, however many events wait: each name notes when it was
   * cancelled, and an event queued before that skips it. Past {@link MAX_CANCELLED} names noted for
   * the events alive, the cancel is refused with an error.
   */
  cancel(names: readonly string[]): void {
    const at = this.#clock++
    if (this.#cancelledAt.size + names.length > MAX_CANCELLED) this.#forgetCancels()
    if (this.#cancelledAt.size + names.length > MAX_CANCELLED) {
      this.session.post({ t: 'error', message: `more than ${MAX_CANCELLED} listener names are cancelled for the events waiting: this cancel is refused` })
      return this.session.flush()
    }
    for (const name of names) this.#cancelledAt.set(name, at)
    const active = this.#running?.active
    if (active?.name !== undefined && names.includes(active.name)) active.abort.abort()
  }

  /** Aborts every queued and running event: the session is ending. */
  abortAll(): void {
    for (const event of this.#controls()) event.ending.abort()
  }

  /** Drops every waiting event: the session has ended. */
  clear(): void {
    this.abortAll()
    this.#waiting = []
    this.#bytes = 0
    this.#cancelledAt.clear()
  }

  /** Why a page's event (its frame, or the frame's bytes) cannot wait now; undefined when it can. */
  #refusal(frame: string | number): string | undefined {
    const { maxQueuedEvents, maxQueuedBytes } = this.session.core.options
    const waiting = this.#waiting.length
    if (waiting >= maxQueuedEvents) return `the session has ${waiting} events waiting, its limit (maxQueuedEvents): this event is not run`
    if (exceedsBytes(this.#bytes, frame, maxQueuedBytes)) {
      return `the events waiting in the session would take more than ${maxQueuedBytes} bytes, its limit (maxQueuedBytes): this event is not run`
    }
    return undefined
  }

  /** Runs `next`, then the waiting tasks one at a time, in order, until none is left; from where one resolves when it waits. */
  #drain(next: Waiting | undefined): void {
    this.#draining = true
    for (let waiting = next; waiting; waiting = this.#next()) {
      this.#running = waiting.control
      this.#runningAt = waiting.at
      let running: void | Promise<void> = undefined
      try {
        running = waiting.task(waiting.control)
      } catch (error) {
        this.#failed(waiting, error)
      }
      if (running) {
        running
          .then(undefined, (error: unknown) => this.#failed(waiting, error))
          .then(() => (this.#ended(), this.#drain(this.#next())))
          .catch((error: unknown) => this.session.core.log.error(`[g-kit] session ${this.session.id}: its queue failed`, error))
        return
      }
      this.#ended()
    }
    this.#draining = false
    this.session.dropQueue(this)
  }

  /** A new event's place in the queue, and its control: it is cancelled by the cancels that come after it. */
  #waitingOf(task: Task, event: number | undefined, bytes: number): Waiting {
    const at = this.#clock++
    return { task, control: { ending: new LazyAbort(), cancels: (name) => (this.#cancelledAt.get(name) ?? -1) > at }, event, bytes, at }
  }

  /** Forgets the cancels older than every event alive: they cancel nothing any more. */
  #forgetCancels(): void {
    const oldest = this.#running ? this.#runningAt : this.#waiting[0]?.at
    for (const [name, at] of this.#cancelledAt) if (oldest === undefined || at < oldest) this.#cancelledAt.delete(name)
  }

  #next(): Waiting | undefined {
    const next = this.#waiting.shift()
    if (next) this.#bytes -= next.bytes
    return next
  }

  /** The controls of the event running and of those waiting. */
  *#controls(): Generator<EventControl> {
    if (this.#running) yield this.#running
    for (const { control } of this.#waiting) yield control
  }

  #failed({ event }: Waiting, error: unknown): void {
    const { session } = this
    session.core.log.error(`[g-kit] session ${session.id}: ${event === undefined ? 'a task' : `event ${event}`} failed:`, error)
    if (event !== undefined) session.post({ t: 'error', e: event, message: 'the server could not run this event (details are in its log)' })
  }

  #ended(): void {
    this.#running = undefined
    this.session.flush()
  }
}

/** Whether `frame` (or its size in bytes) would take `held` bytes past `max`. */
export function exceedsBytes(held: number, frame: string | number, max: number): boolean {
  // A UTF-16 code unit takes at most 3 bytes in UTF-8: most frames fit without being counted.
  const most = typeof frame === 'number' ? frame : frame.length * 3
  return held + most > max && held + bytesOf(frame) > max
}

/** The bytes of `frame` in UTF-8, or `frame` when it is already a size. */
export function bytesOf(frame: string | number): number {
  return typeof frame === 'number' ? frame : Buffer.byteLength(frame)
}

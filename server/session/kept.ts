/** One event's results as kept: the JSON texts of its messages so far, and their bytes. */
interface Kept {
  id: number
  texts: string[]
  bytes: number
}

/**
 * The messages of a session's recent events, as the JSON text sent, kept by event id for a page
 * that sends an event again after a dropped connection, until the page acknowledges them. Bounded
 * in bytes and in events: past either bound, the oldest events are forgotten first (a page that
 * sends one of those again is told so). Each event's results are replayed at most once per socket.
 */
export class KeptResults {
  /** In id order (ids only grow): the oldest first, the event running now last or near it. */
  #events: Kept[] = []
  #bytes = 0
  /** The events replayed on the socket attached now. */
  #replayed?: Set<number>

  constructor(
    readonly maxBytes: number,
    readonly maxEvents: number,
  ) {}

  /** The bytes kept now (UTF-8 of the JSON). */
  get bytes(): number {
    return this.#bytes
  }

  get size(): number {
    return this.#events.length
  }

  /** Starts keeping a new event's results (ids only grow: the list stays in id order). */
  start(id: number): void {
    this.#events.push({ id, texts: [], bytes: 0 })
    if (this.#events.length > this.maxEvents) this.#forgetOldest()
  }

  /** Keeps one message of event `id` (with its UTF-8 size, when known), if its results are still kept. */
  add(id: number, text: string, bytes = Buffer.byteLength(text)): void {
    const kept = this.#find(id)
    if (!kept) return
    kept.texts.push(text)
    kept.bytes += bytes
    this.#bytes += bytes
    while (this.#bytes > this.maxBytes && this.#events.length) this.#forgetOldest()
  }

  /**
   * What to send again for event `id`: its messages so far; `[]` when they were replayed on this
   * socket already (the page asks twice: it gets them once); undefined when they are not kept.
   */
  replay(id: number): readonly string[] | undefined {
    const kept = this.#find(id)
    if (!kept) return undefined
    const replayed = (this.#replayed ??= new Set())
    if (replayed.has(id)) return []
    replayed.add(id)
    return kept.texts
  }

  /** Event `id`'s messages so far, without counting as a replay; undefined when not kept. */
  texts(id: number): readonly string[] | undefined {
    return this.#find(id)?.texts
  }

  /** A new socket is attached: each event may be replayed once on it. */
  newSocket(): void {
    this.#replayed = undefined
  }

  /** Forgets the events up to `id`: the page has all their results. */
  acknowledge(id: number): void {
    while (this.#events.length && this.#events[0]!.id <= id) this.#forgetOldest()
  }

  /** Event `id`'s entry: the events are in id order, so it is found by bisection. */
  #find(id: number): Kept | undefined {
    const events = this.#events
    let low = 0
    let high = events.length - 1
    while (low <= high) {
      const middle = (low + high) >> 1
      const kept = events[middle]!
      if (kept.id === id) return kept
      if (kept.id < id) low = middle + 1
      else high = middle - 1
    }
    return undefined
  }

  #forgetOldest(): void {
    const { id, bytes } = this.#events.shift()!
    this.#replayed?.delete(id)
    this.#bytes -= bytes
  }
}

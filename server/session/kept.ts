/**
 * The messages of a session's recent events, as the JSON text sent, kept by event id for a page
 * that sends an event again after a dropped connection, until the page acknowledges them. Bounded
 * in bytes and in events: past either bound, the oldest events are forgotten first (a page that
 * sends one of those again is told so). Each event's results are replayed at most once per socket.
 */
export class KeptResults {
  #events = new Map<number, { texts: string[]; bytes: number }>()
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
    return this.#events.size
  }

  /** Starts keeping a new event's results (ids only grow: the map stays in id order). */
  start(id: number): void {
    this.#events.set(id, { texts: [], bytes: 0 })
    if (this.#events.size > this.maxEvents) this.#forgetOldest()
  }

  /** Keeps one message of event `id`, if its results are still kept. */
  add(id: number, text: string): void {
    const kept = this.#events.get(id)
    if (!kept) return
    const bytes = Buffer.byteLength(text)
    kept.texts.push(text)
    kept.bytes += bytes
    this.#bytes += bytes
    while (this.#bytes > this.maxBytes && this.#events.size) this.#forgetOldest()
  }

  /**
   * What to send again for event `id`: its messages so far; `[]` when they were replayed on this
   * socket already (the page asks twice: it gets them once); undefined when they are not kept.
   */
  replay(id: number): readonly string[] | undefined {
    const kept = this.#events.get(id)
    if (!kept) return undefined
    const replayed = (this.#replayed ??= new Set())
    if (replayed.has(id)) return []
    replayed.add(id)
    return kept.texts
  }

  /** Event `id`'s messages so far, without counting as a replay; undefined when not kept. */
  texts(id: number): readonly string[] | undefined {
    return this.#events.get(id)?.texts
  }

  /** A new socket is attached: each event may be replayed once on it. */
  newSocket(): void {
    this.#replayed = undefined
  }

  /** Forgets the events up to `id`: the page has all their results. */
  acknowledge(id: number): void {
    for (const [kept, { bytes }] of this.#events) {
      if (kept > id) break
      this.#events.delete(kept)
      this.#replayed?.delete(kept)
      this.#bytes -= bytes
    }
  }

  #forgetOldest(): void {
    const [id, { bytes }] = this.#events.entries().next().value!
    this.#events.delete(id)
    this.#replayed?.delete(id)
    this.#bytes -= bytes
  }
}

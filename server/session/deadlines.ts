/**
 * Deadlines that all lie the same duration after their start, so they come due in the order they
 * were added: a queue whose head is always the next one due. Taking what is due costs time in
 * proportion to what is due, however many entries wait.
 *
 * Entries are never removed early; the caller checks, when one comes due, whether it still holds
 * (the session still closed since then, the state not written since then).
 */
export class DeadlineQueue<T> {
  #items: Array<{ item: T; start: number } | undefined> = []
  #head = 0

  /** @param duration Milliseconds from an entry's start to its deadline. */
  constructor(readonly duration: number) {}

  get size(): number {
    return this.#items.length - this.#head
  }

  push(item: T, start: number): void {
    this.#items.push({ item, start })
  }

  /** Removes and returns the entries due at `now`, oldest first. */
  takeDue(now: number): Array<{ item: T; start: number }> {
    const due: Array<{ item: T; start: number }> = []
    while (this.#head < this.#items.length && this.#items[this.#head]!.start + this.duration <= now) due.push(this.#take())
    this.#compact()
    return due
  }

  /** Removes and returns the oldest entry for which `holds` is true, due or not, dropping the stale ones before it. */
  takeOldest(holds: (item: T, start: number) => boolean): { item: T; start: number } | undefined {
    while (this.#head < this.#items.length) {
      const entry = this.#take()
      if (holds(entry.item, entry.start)) {
        this.#compact()
        return entry
      }
    }
    this.#compact()
    return undefined
  }

  /** The head entry, its slot emptied so that what it holds (an ended session) can be collected. */
  #take(): { item: T; start: number } {
    const entry = this.#items[this.#head]!
    this.#items[this.#head++] = undefined
    return entry
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.#items = []
      this.#head = 0
    }
    // Drop the consumed prefix once it is the larger part, so that the array does not grow for ever.
    else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
  }
}

/**
 * Deadlines of any duration, nearest first: a binary min-heap. Pushing and taking cost log n; taking
 * what is due costs time in proportion to what is due.
 */
export class DeadlineHeap<T> {
  #heap: Array<{ item: T; at: number }> = []
  /** Entries known to hold no longer, not yet removed. */
  #stale = 0

  get size(): number {
    return this.#heap.length
  }

  push(item: T, at: number): void {
    const heap = this.#heap
    heap.push({ item, at })
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1
      if (heap[parent]!.at <= heap[i]!.at) break
      ;[heap[parent], heap[i]] = [heap[i]!, heap[parent]!]
      i = parent
    }
  }

  /** Removes and returns the entries due at `now`, nearest first. */
  takeDue(now: number): Array<{ item: T; at: number }> {
    const due: Array<{ item: T; at: number }> = []
    for (let next = this.takeNext(now); next; next = this.takeNext(now)) due.push(next)
    return due
  }

  /** Removes and returns the nearest entry if it is due at `now`. */
  takeNext(now: number): { item: T; at: number } | undefined {
    return this.#heap.length && this.#heap[0]!.at <= now ? this.#pop() : undefined
  }

  /**
   * Notes that `count` entries hold no longer (their session ended). Once such entries are half the
   * heap, every entry `holds` rejects is removed at once: the heap stays within twice what holds,
   * at a constant cost per entry.
   */
  discard(count: number, holds: (item: T) => boolean): void {
    this.#stale += count
    if (this.#stale * 2 <= this.#heap.length) return
    this.#stale = 0
    const kept = this.#heap.filter((entry) => holds(entry.item)).sort((a, b) => a.at - b.at)
    this.#heap = kept // a sorted array is a heap
  }

  #pop(): { item: T; at: number } {
    const heap = this.#heap
    const top = heap[0]!
    const last = heap.pop()!
    if (heap.length) {
      heap[0] = last
      for (let i = 0; ; ) {
        const left = 2 * i + 1
        const right = left + 1
        let least = i
        if (left < heap.length && heap[left]!.at < heap[least]!.at) least = left
        if (right < heap.length && heap[right]!.at < heap[least]!.at) least = right
        if (least === i) break
        ;[heap[least], heap[i]] = [heap[i]!, heap[least]!]
        i = least
      }
    }
    return top
  }
}

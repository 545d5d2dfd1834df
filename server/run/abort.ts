/**
 * An abort that costs next to nothing until someone listens: most runs end before anything asks
 * for their signal, and an `AbortController` with its signal is among the dearest objects of an event.
 */
export class LazyAbort {
  aborted = false
  #controller?: AbortController
  #listeners?: Set<() => void>

  /** A real signal, made on demand (already aborted if this is). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController()
      if (this.aborted) this.#controller.abort()
    }
    return this.#controller.signal
  }

  /** Calls `listener` once, when this aborts; returns what stops it. */
  subscribe(listener: () => void): () => void {
    ;(this.#listeners ??= new Set()).add(listener)
    return () => this.#listeners?.delete(listener)
  }

  abort(): void {
    if (this.aborted) return
    this.aborted = true
    this.#controller?.abort()
    for (const listener of this.#listeners ?? []) listener()
    this.#listeners = undefined
  }
}

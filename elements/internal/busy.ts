import type { GElement } from './g-element.js'

/**
 * Which elements are `pending` (`aria-busy`): an element stays so while any running listener may
 * still change it, in any event.
 */
export class Busy {
  #counts = new Map<GElement, number>()

  /** Marks the outputs of an event's listeners busy; returns how to free them, per listener and all at once. */
  start(outputsByListener: Map<number, GElement[]>): { updated(listener: number, elements: GElement[]): void; ended(listener: number): void; finished(): void } {
    for (const outputs of outputsByListener.values()) outputs.forEach((element) => this.#add(element, +1))
    return {
      // display: outputs a listener has updated are no longer pending for it (a generator's stream shows undimmed).
      updated: (listener, elements) => {
        const outputs = outputsByListener.get(listener)
        for (const element of elements) {
          const at = outputs?.indexOf(element) ?? -1
          if (at >= 0) this.#add(outputs!.splice(at, 1)[0]!, -1)
        }
      },
      ended: (listener) => {
        outputsByListener.get(listener)?.forEach((element) => this.#add(element, -1))
        outputsByListener.delete(listener)
      },
      finished: () => {
        for (const outputs of outputsByListener.values()) outputs.forEach((element) => this.#add(element, -1))
        outputsByListener.clear()
      },
    }
  }

  #add(element: GElement, delta: number): void {
    const count = (this.#counts.get(element) ?? 0) + delta
    if (count > 0) this.#counts.set(element, count)
    else this.#counts.delete(element)
    element.pending = count > 0
  }
}

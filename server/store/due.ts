import type { DueClaim } from './types.js'
import { DeadlineHeap } from '../session/deadlines.js'

/**
 * The memory store's schedule: what is due when, nearest first (a binary min-heap). A schedule
 * replaced or removed leaves its old heap entry behind, skipped when it surfaces, so that every
 * operation costs log n.
 */
export class DueQueue {
  /** When each item is due (or, claimed, when its claim ends), by `kind:id`. */
  #at = new Map<string, number>()
  #heap = new DeadlineHeap<string>()

  schedule(kind: string, id: string, at: number): void {
    const key = dueKey(kind, id)
    this.#at.set(key, at)
    this.#push(key, at)
  }

  unschedule(kind: string, id: string): void {
    this.#at.delete(dueKey(kind, id))
  }

  /** Claims up to `limit` items due at `now` until `now + hold`: claimed, they are due again then, unless settled. */
  claim(now: number, limit: number, hold: number): DueClaim[] {
    const claims: DueClaim[] = []
    const until = now + Math.max(1, hold)
    while (claims.length < limit) {
      const next = this.#heap.takeNext(now)
      if (!next) break
      const { item: key, at } = next
      if (this.#at.get(key) !== at) continue
      const colon = key.indexOf(':')
      claims.push({ kind: key.slice(0, colon), id: key.slice(colon + 1), at, until })
      this.#at.set(key, until)
      this.#push(key, until)
    }
    return claims
  }

  settle(claim: DueClaim): boolean {
    const key = dueKey(claim.kind, claim.id)
    if (this.#at.get(key) !== claim.until) return false
    this.#at.delete(key)
    return true
  }

  #push(key: string, at: number): void {
    // Entries left behind by schedules replaced or removed: past half the heap, it is rebuilt from the live ones.
    if (this.#heap.size > 2 * this.#at.size + 1024) {
      this.#heap = new DeadlineHeap()
      for (const [live, liveAt] of this.#at) if (live !== key) this.#heap.push(live, liveAt)
    }
    this.#heap.push(key, at)
  }
}

/** The member naming `kind`/`id` in a schedule; `kind` is a word, so the first `:` splits them back. */
export function dueKey(kind: string, id: string): string {
  if (!/^[\w-]+$/.test(kind)) throw new Error(`[g-kit] a due item's kind is a word (letters, digits, _ and -): ${JSON.stringify(kind)}`)
  return `${kind}:${id}`
}

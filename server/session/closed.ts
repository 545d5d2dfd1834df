import type { Session } from './session.js'

/**
 * Closed sessions in the order their pages closed, each with when: the order they expire in (all
 * after the same `closedTtl`). Unlike a plain queue, a session leaves it as soon as it is resumed,
 * evicted or ended, so nothing of an ended session waits here for its deadline.
 */
export class ClosedSessions {
  #starts = new Map<Session, number>()

  /** @param duration Milliseconds from a close to its session's end. */
  constructor(readonly duration: number) {}

  get size(): number {
    return this.#starts.size
  }

  /** Records that `session` closed at `start` (moving it to the end if it was there). */
  push(session: Session, start: number): void {
    this.#starts.delete(session)
    this.#starts.set(session, start)
  }

  delete(session: Session): void {
    this.#starts.delete(session)
  }

  /** Removes and returns the sessions due at `now`, oldest first. */
  takeDue(now: number): Array<{ item: Session; start: number }> {
    const due: Array<{ item: Session; start: number }> = []
    for (const [item, start] of this.#starts) {
      if (start + this.duration > now) break
      due.push({ item, start })
    }
    for (const { item } of due) this.#starts.delete(item)
    return due
  }
}

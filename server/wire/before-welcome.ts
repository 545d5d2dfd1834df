import type { ResolvedOptions } from '../core.js'
import { bytesOf, exceedsBytes } from '../session/queue.js'

/**
 * The frames that come on a socket while its hello is looked up in a shared store: they wait for
 * the welcome, bounded as a session's queue is, in count (`maxQueuedEvents`) and in bytes
 * (`maxQueuedBytes`).
 */
export class FramesBeforeWelcome {
  /** The frames waiting, in the order they came. */
  readonly frames: string[] = []
  #bytes = 0

  /** Keeps `frame` to be handled after the welcome; or returns why it cannot wait (it is dropped, the others wait on). */
  hold(frame: string, { maxQueuedEvents, maxQueuedBytes }: Pick<ResolvedOptions, 'maxQueuedEvents' | 'maxQueuedBytes'>): string | undefined {
    const waiting = this.frames.length
    if (waiting >= maxQueuedEvents) return `${waiting} frames wait for the welcome, the limit (maxQueuedEvents): this frame was dropped`
    if (exceedsBytes(this.#bytes, frame, maxQueuedBytes)) {
      return `the frames waiting for the welcome would take more than ${maxQueuedBytes} bytes, the limit (maxQueuedBytes): this frame was dropped`
    }
    this.frames.push(frame)
    this.#bytes += bytesOf(frame)
    return undefined
  }
}

/** The steps of a streaming call, as an async iterator; `cancel()` stops it. */
export interface CallStream extends AsyncIterableIterator<unknown[]> {
  cancel(): void
}

/** What feeds a {@link stepStream}: each step as it comes, then the end. */
export interface StepSink {
  step(results: unknown[]): void
  /** The call ended: done, or failed with `error` (a cancelled call just ends). */
  end(error?: unknown): void
}

/**
 * Steps pushed by a call's callbacks, pulled by a `for await` loop: they wait in order until read.
 * Leaving the loop early (`return()`) calls `cancel`.
 */
export function stepStream(cancel: () => void): { stream: CallStream; sink: StepSink } {
  const steps: unknown[][] = []
  let ended: { error?: unknown } | undefined
  let wake: (() => void) | undefined
  const notify = () => {
    const woken = wake
    wake = undefined
    woken?.()
  }
  const stopIfRunning = () => void (ended || cancel())
  const stream: CallStream = {
    async next() {
      while (!steps.length && !ended) await new Promise<void>((resolve) => (wake = resolve))
      if (steps.length) return { value: steps.shift()!, done: false }
      if (ended!.error !== undefined) throw ended!.error
      return { value: undefined, done: true }
    },
    async return() {
      stopIfRunning()
      return { value: undefined, done: true }
    },
    cancel: stopIfRunning,
    [Symbol.asyncIterator]() {
      return this
    },
  }
  const sink: StepSink = {
    step: (results) => (steps.push(results), notify()),
    end: (error) => ((ended = { error }), notify()),
  }
  return { stream, sink }
}

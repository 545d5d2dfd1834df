import type { SharedStore } from './types.js'

/** How long a waiting instance waits at most between two tries of a held lease. */
const MAX_BACKOFF_MS = 50

/**
 * Waits before another try of a lease another holds: about `wait` ms (with jitter, so that waiters
 * spread); resolves to the wait before the try after, doubled up to {@link MAX_BACKOFF_MS}.
 */
export async function backOff(wait: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())))
  return Math.min(2 * wait, MAX_BACKOFF_MS)
}

/**
 * Runs `f` holding the lease `id` for `owner`: waits until it is free, renews it every third of
 * `ms` while `f` runs, and releases it after. If a renewal finds the lease lost (this process
 * stalled past `ms`, and another took it), `signal` aborts: a fenced write under it will be refused.
 *
 * Waiting is by tries at growing intervals (up to {@link MAX_BACKOFF_MS}); a release notice could
 * wake waiters sooner.
 */
export async function holdLease<T>(store: SharedStore, id: string, owner: string, ms: number, f: (signal: AbortSignal) => Promise<T>): Promise<T> {
  let wait = 1
  while (!(await store.acquire(id, owner, ms))) wait = await backOff(wait)
  const lost = new AbortController()
  let renewing: Promise<unknown> = Promise.resolve()
  const watchdog = setInterval(() => {
    renewing = store.renew(id, owner, ms).then(
      (held) => held || lost.abort(new Error(`[g-kit] lease '${id}' lost`)),
      (error: unknown) => lost.abort(error),
    )
  }, Math.max(1, ms / 3))
  watchdog.unref()
  try {
    return await f(lost.signal)
  } finally {
    clearInterval(watchdog)
    await renewing
    await store.release(id, owner)
  }
}

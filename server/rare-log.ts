// Logging what a client can make happen at will, so that a flood of it cannot flood the log.
import type { AppCore } from './core.js'

/** How often the same warning is logged again, and how many distinct ones are remembered at once. */
const WINDOW_MS = 60_000
const REMEMBERED = 1000

const seen = new WeakMap<object, Map<string, number>>()

/**
 * Logs a warning that what a client sends can repeat at will once per minute per `key`, so that a
 * flood of such requests cannot flood the log (see {@link firstInWindow}).
 */
export function logRarely(core: Pick<AppCore, 'log'>, key: string, message: string, now = Date.now()): void {
  if (firstInWindow(core, key, now)) core.log.warn(`[g-kit] ${message}`)
}

/**
 * Whether something keyed `key` is to be logged now: the first time in a minute. At most
 * {@link REMEMBERED} keys are tracked: past that, further new ones are not logged until the
 * oldest have aged out.
 */
export function firstInWindow(core: Pick<AppCore, 'log'>, key: string, now = Date.now()): boolean {
  let times = seen.get(core)
  if (!times) seen.set(core, (times = new Map()))
  const last = times.get(key)
  if (last !== undefined && now - last < WINDOW_MS) return false
  if (last === undefined && times.size >= REMEMBERED) {
    for (const [old, at] of times) {
      if (now - at < WINDOW_MS) break // kept in the order of logging: the rest are newer
      times.delete(old)
    }
    if (times.size >= REMEMBERED) return false
  }
  times.delete(key) // re-inserted last: the map stays in the order of logging
  times.set(key, now)
  return true
}

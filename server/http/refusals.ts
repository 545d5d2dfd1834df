import type { AppCore } from '../core.js'

/** How often the same warning is logged again, and how many distinct ones are remembered at once. */
const WINDOW_MS = 60_000
const REMEMBERED = 1000

const seen = new WeakMap<object, Map<string, number>>()

/** Logs a refusal (an origin or a host the app does not serve), as {@link logRarely} does. */
export function logRefusal(core: Pick<AppCore, 'log'>, key: string, message: string, now = Date.now()): void {
  logRarely(core, key, `refused: ${message}`, now)
}

/**
 * Logs a warning that what a client sends can repeat at will once per minute per `key`, so that a
 * flood of such requests cannot flood the log. At most {@link REMEMBERED} keys are tracked: past
 * that, further new ones are not logged until the oldest have aged out.
 */
export function logRarely(core: Pick<AppCore, 'log'>, key: string, message: string, now = Date.now()): void {
  let times = seen.get(core)
  if (!times) seen.set(core, (times = new Map()))
  const last = times.get(key)
  if (last !== undefined && now - last < WINDOW_MS) return
  if (last === undefined && times.size >= REMEMBERED) {
    for (const [old, at] of times) {
      if (now - at < WINDOW_MS) break // kept in the order of logging: the rest are newer
      times.delete(old)
    }
    if (times.size >= REMEMBERED) return
  }
  times.delete(key) // re-inserted last: the map stays in the order of logging
  times.set(key, now)
  core.log.warn(`[g-kit] ${message}`)
}

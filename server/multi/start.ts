import type { AppCore } from '../core.js'
import { createSealer } from '../browser/seal.js'
import { sharedSecret, writesInFlight, type ResolvedStore, type SharedMode } from './mode.js'
import { SessionLeases } from './leases.js'
import { watchSharedGlobals } from './globals.js'
import { eventStore } from './events.js'
import { heartbeat, heartbeatMs } from './sessions.js'

/** How long an instance waits before it tries again to hear other instances' notices. */
const WATCH_RETRY_MS = 5000

/**
 * Puts an app on a shared store: its events run through leases and fenced commits, it hears the
 * globals other instances write, and (with `storesSecret`) it seals browser state with the secret
 * stored there. Until the store answers, pages wait (`ready`); a failure is tried again at the next
 * page. Returns a function that stops hearing notices, for `app.close()`.
 */
export function startSharedMode(core: AppCore, shared: NonNullable<ResolvedStore['shared']>, storesSecret: boolean): () => Promise<void> {
  let secret: Promise<void> | undefined
  const mode = { ...shared, leases: new SessionLeases(shared, core.log), ...writesInFlight(core.log) } as SharedMode
  Object.defineProperty(mode, 'ready', {
    get: () =>
      (secret ??= storesSecret
        ? sharedSecret(shared.store).then(
            (value) => {
              const sealer = createSealer([value])
              core.sealer = () => sealer
            },
            (error: unknown) => {
              secret = undefined // the next page tries again
              throw error
            },
          )
        : Promise.resolve()),
  })
  core.shared = mode
  core.store = eventStore(mode)
  void mode.ready.catch(() => {}) // asked for now, so that the first page need not wait; a hello reports a failure
  // Notices only make pages hear changes sooner: values are read fresh under a global's lease, so missing them for a while loses nothing.
  let stop: (() => Promise<void>) | undefined
  let stopped = false
  const watch = () =>
    watchSharedGlobals(core, mode).then(
      (stopIt) => {
        stop = stopIt
        if (stopped) void stopIt()
      },
      (error: unknown) => {
        core.log.error(`[g-kit] this instance cannot hear other instances' changes of globals (trying again in ${WATCH_RETRY_MS / 1000} s):`, error)
        if (!stopped) setTimeout(watch, WATCH_RETRY_MS).unref()
      },
    )
  void watch()
  const beating = setInterval(() => mode.track(heartbeat(core, mode)), heartbeatMs(mode)).unref()
  return async () => {
    stopped = true
    clearInterval(beating)
    await stop?.()
  }
}

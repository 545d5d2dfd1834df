import type { AppCore } from '../core.js'
import { logRarely } from '../rare-log.js'

/** Logs a refusal (an origin or a host the app does not serve), as {@link logRarely} does. */
export function logRefusal(core: Pick<AppCore, 'log'>, key: string, message: string, now = Date.now()): void {
  logRarely(core, key, `refused: ${message}`, now)
}


import type { Hooks, Peer } from 'crossws'
import type { ErrorMessage } from '../protocol.js'
import type { AppCore } from '../core.js'
import { originRefusalMessage, refusedOrigin } from './origins.js'
import { logRefusal } from './refusals.js'

/** The close code of a socket from a page whose origin the app refuses. */
export const ORIGIN_REFUSED = 4003

/**
 * The app's socket hooks behind its origin check. A page on a refused origin cannot read an HTTP
 * refusal of its upgrade (it would only see the socket fail, and retry for ever), so its upgrade
 * is accepted, it gets one error frame naming its origin, and the socket closes with
 * {@link ORIGIN_REFUSED}: no session is made and nothing it sends is read.
 */
export function originGuard(core: AppCore, hooks: Partial<Hooks>): Partial<Hooks> {
  return {
    ...hooks,
    upgrade(request) {
      const origin = refusedOrigin(request, core.options.origins, core.options.trustProxy)
      if (origin === undefined) return hooks.upgrade?.(request)
      logRefusal(core, `origin ${origin}`, `a WebSocket from ${originRefusalMessage(origin)}`)
      return { context: { refusedOrigin: origin } }
    },
    open(peer) {
      const origin = refusedOf(peer)
      if (origin === undefined) return hooks.open?.(peer)
      const refusal: ErrorMessage = { t: 'error', code: 'origin', message: originRefusalMessage(origin) }
      peer.send(JSON.stringify([refusal]))
      peer.close(ORIGIN_REFUSED, 'origin not allowed')
    },
    message(peer, message) {
      if (refusedOf(peer) === undefined) return hooks.message?.(peer, message)
    },
    close(peer, details) {
      if (refusedOf(peer) === undefined) return hooks.close?.(peer, details)
    },
  }
}

function refusedOf(peer: Peer): string | undefined {
  return peer.context.refusedOrigin as string | undefined
}

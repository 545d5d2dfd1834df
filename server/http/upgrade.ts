import type { Hooks, Peer } from 'crossws'
import type { ErrorMessage } from '../protocol.js'
import type { AppCore } from '../core.js'
import { originRefusalMessage, refusedOrigin } from './origins.js'
import { logRefusal } from './refusals.js'
import { nodeSocketOf } from './proxy.js'

/** The close code of a socket from a page whose origin the app refuses. */
export const ORIGIN_REFUSED = 4003

/**
 * The app's socket hooks behind its origin check. A page on a refused origin cannot read an HTTP
 * refusal of its upgrade (it would only see the socket fail, and retry for ever), so its upgrade
 * is accepted, it gets one error frame naming its origin, and the socket closes with
 * {@link ORIGIN_REFUSED}: no session is made and nothing it sends is read.
 */
export function socketGuard(core: AppCore, hooks: Partial<Hooks>): Partial<Hooks> {
  return {
    ...hooks,
    async upgrade(request) {
      const origin = refusedOrigin(request, core.options.origins, core.options.trustProxy)
      if (origin !== undefined) {
        logRefusal(core, `origin ${origin}`, `a WebSocket from ${originRefusalMessage(origin)}`)
        return { context: { refusedOrigin: origin } }
      }
      const inner = await hooks.upgrade?.(request)
      if (inner instanceof Response) return inner
      return { ...inner, context: { ...inner?.context, sameHost: isSameHost(core, request) } }
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

// --- internal ---

const toldAboutProxy = new WeakSet<AppCore>()

/**
 * Whether an upgrade comes from the server's own address with no trusted proxy (then its sessions
 * are not held to `maxSessionsPerClient`: a proxy on this machine is every client at once). Tells
 * the log, once, when a proxy's header shows and `trustProxy` is not set.
 */
function isSameHost(core: AppCore, request: Request): boolean {
  if (core.options.trustProxy !== false && core.options.trustProxy !== 0) return false
  const forwarded = request.headers.get('x-forwarded-for')
  if (forwarded !== null && !toldAboutProxy.has(core)) {
    toldAboutProxy.add(core)
    core.log.warn(
      `[g-kit] a page came through a proxy (x-forwarded-for: ${JSON.stringify(forwarded.slice(0, 100))}) but trustProxy is not set: ` +
        `its address is the proxy's, for ctx.request.address and for maxSessionsPerClient. If every request comes through that proxy, set createApp({ trustProxy: 1 })`,
    )
  }
  const socket = nodeSocketOf(request)
  return socket !== undefined && socket.remoteAddress !== undefined && socket.remoteAddress === socket.localAddress
}

function refusedOf(peer: Peer): string | undefined {
  return peer.context.refusedOrigin as string | undefined
}

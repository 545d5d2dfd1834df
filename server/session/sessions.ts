import type { AppGraph } from '../protocol.js'
import type { AppCore } from '../core.js'
import type { RequestInfo } from '../run/context.js'
import { Session, type SendFrame } from './session.js'
import { splitToken } from './token.js'
import { endSession } from './lifecycle.js'

/** A socket as the registry sees it: something to bind a session to. */
type Socket = object

/**
 * Opens a new session for a page, making room fairly (see `SessionRegistry`):
 * - a client (an address) that holds `maxSessionsPerClient` sessions gives up its own session whose
 *   page closed longest ago, and is refused when all of its sessions are open (but for a socket
 *   from the server's own address with no trusted proxy: a proxy on this machine is every client);
 * - at `maxSessions`, the client holding the most sessions gives up its session whose page closed
 *   longest ago, so that a few clients filling the server evict each other, not everyone else.
 * No open session is ever evicted: undefined means there is no room now (see {@link refusalMessage}).
 * On a shared store, the socket's context says whether the app's instances have room together
 * (see `helloShared`): `full`, or the `identity` counted for the session.
 */
export function openSession(core: AppCore, graph: AppGraph, request: RequestInfo, socket: Socket, send: SendFrame, disconnect: () => void): Session | undefined {
  const { maxSessions, maxSessionsPerClient } = core.options
  const context = contextOf(socket)
  if (context?.full) return undefined
  if (request.address !== undefined && !isSameHost(socket) && core.sessions.countOf(request.address) >= maxSessionsPerClient) {
    const own = core.sessions.oldestClosedOf(request.address)
    if (!own) return undefined
    void endSession(core, own)
  }
  if (core.sessions.size >= maxSessions) {
    const victim = core.sessions.victim()
    if (!victim) return undefined
    void endSession(core, victim)
  }
  const session = new Session(core, graph, request, context?.identity as { id: string; secret: string } | undefined)
  session.attach(socket, send, disconnect)
  core.sessions.set(session.id, session)
  return session
}

/** Why {@link openSession} found no room for a page from `address` on `socket`. */
export function refusalMessage(core: AppCore, address: string | undefined, socket: Socket): string {
  const { maxSessions, maxSessionsPerClient } = core.options
  if (address !== undefined && !isSameHost(socket) && core.sessions.countOf(address) >= maxSessionsPerClient) {
    return `too many sessions from your address (${maxSessionsPerClient} open): close a tab of this app and try again`
  }
  return `the server is full (${maxSessions} sessions open): try again in a moment`
}

/** The session a resume token names, bound to the new socket; undefined when it is gone or the token is not its. */
export function resumeSession(core: AppCore, token: string, socket: Socket, send: SendFrame, disconnect: () => void): Session | undefined {
  const parts = splitToken(token)
  const session = parts && core.sessions.get(parts.id)
  if (!parts || !session?.owns(parts.secret)) return undefined
  session.attach(socket, send, disconnect)
  core.sessions.reopened(session)
  return session
}

/** The page's socket closed: the session is kept `closedTtl` seconds for a reconnect, then ended. */
export function closeSession(core: AppCore, session: Session, socket: Socket, now = Date.now()): void {
  if (session.detach(socket, now)) core.sessions.closed(session, now)
}

/**
 * Whether a socket comes from the server's own address with no trusted proxy to say who is behind
 * it (marked at its upgrade, see `socketGuard`): a proxy on the same machine, which is every client
 * at once, or a developer. Its sessions are not held to `maxSessionsPerClient`.
 */
function isSameHost(socket: Socket): boolean {
  return contextOf(socket)?.sameHost === true
}

/** A socket's context (crossws's `peer.context`), where what is known of it before its session is kept. */
function contextOf(socket: Socket): Record<string, unknown> | undefined {
  return (socket as { context?: Record<string, unknown> }).context
}

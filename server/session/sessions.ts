import type { AppGraph } from '../protocol.js'
import type { AppCore } from '../core.js'
import type { RequestInfo } from '../run/context.js'
import { Session, type SendFrame } from './session.js'
import { endSession } from './lifecycle.js'

/** A socket as the registry sees it: something to bind a session to. */
type Socket = object

/**
 * Opens a new session for a page, making room at capacity by evicting the least recently used
 * closed session (with its callbacks). Returns undefined when every session is open: the server
 * is full, and no open session is ever dropped to make room.
 */
export function openSession(core: AppCore, graph: AppGraph, request: RequestInfo, socket: Socket, send: SendFrame, disconnect: () => void): Session | undefined {
  if (core.sessions.size >= core.options.maxSessions) {
    const oldest = core.closed.takeOldest((session, closedAt) => core.sessions.has(session.id) && session.closedAt === closedAt)
    if (!oldest) return undefined
    void endSession(core, oldest.item)
  }
  const session = new Session(core, graph, request)
  session.attach(socket, send, disconnect)
  core.sessions.set(session.id, session)
  return session
}

/** The session a resume token names, bound to the new socket; undefined when it is gone or the token is not its. */
export function resumeSession(core: AppCore, token: string, socket: Socket, send: SendFrame, disconnect: () => void): Session | undefined {
  const dot = token.indexOf('.')
  const session = core.sessions.get(token.slice(0, dot))
  if (dot < 0 || !session?.owns(token.slice(dot + 1))) return undefined
  session.attach(socket, send, disconnect)
  return session
}

/** The page's socket closed: the session is kept `closedTtl` seconds for a reconnect, then ended. */
export function closeSession(core: AppCore, session: Session, socket: Socket, now = Date.now()): void {
  if (session.detach(socket, now)) core.closed.push(session, now)
}

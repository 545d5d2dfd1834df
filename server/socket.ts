import type { Hooks, Peer } from 'crossws'
import { decodeClientMessage, DEFAULT_LIMITS, PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from './protocol.js'
import type { AppCore } from './core.js'
import type { RequestInfo } from './context.js'
import { Session } from './session.js'
import { runEvent } from './run.js'
import { isOriginAllowed } from './origins.js'

/** The crossws hooks of an app's socket: one per page load of a `<g-app>`. */
export function socketHooks(core: AppCore): Partial<Hooks> {
  return {
    upgrade(request) {
      if (!isOriginAllowed(request, core.options.origins)) throw new Response('origin not allowed', { status: 403 })
    },
    message(peer, message) {
      receive(core, peer, message.rawData)
    },
    close(peer) {
      const session = sessionOf(peer)
      if (session) session.closedAt = Date.now()
    },
  }
}

// --- internal ---

function receive(core: AppCore, peer: Peer, raw: unknown): void {
  if (typeof raw !== 'string') return reply(peer, { t: 'error', message: 'binary frames are not accepted: send JSON text' })
  const msg = decodeClientMessage(raw, { ...DEFAULT_LIMITS, maxFrame: core.options.maxFrame })
  if ('error' in msg) return reply(peer, msg.e === undefined ? { t: 'error', message: msg.error } : { t: 'error', e: msg.e, message: msg.error })
  const session = sessionOf(peer)
  if (msg.t === 'hello') return hello(core, peer, msg, session)
  if (!session) return reply(peer, { t: 'error', ...(msg.t === 'event' && { e: msg.id }), message: `'hello' must come before '${msg.t}'` })
  if (msg.t === 'cancel') return session.cancel(msg.listeners)
  void session.enqueue((control) => runEvent(session, msg, control))
}

function hello(core: AppCore, peer: Peer, msg: Extract<ClientMessage, { t: 'hello' }>, current: Session | undefined): void {
  if (current) return reply(peer, { t: 'error', message: `'hello' was already sent on this socket` })
  if (msg.v !== PROTOCOL_VERSION) {
    return reply(peer, { t: 'error', message: `this server speaks protocol ${PROTOCOL_VERSION}, the page ${msg.v}: load kit.js from this server` })
  }
  let session: Session
  try {
    session = new Session(core, msg.graph, requestInfo(peer), (text) => peer.send(text))
  } catch (error) {
    return reply(peer, { t: 'error', message: `the page's app cannot be read: ${(error as Error).message}` })
  }
  core.sessions.set(session.id, session)
  peer.context.session = session
  session.post({ t: 'welcome', session: session.id, problems: session.graph.messages })
  session.flush()
}

function sessionOf(peer: Peer): Session | undefined {
  return peer.context.session as Session | undefined
}

function reply(peer: Peer, message: ServerMessage): void {
  peer.send(JSON.stringify([message]))
}

function requestInfo(peer: Peer): RequestInfo {
  const headers = peer.request?.headers ?? new Headers()
  return { origin: headers.get('origin') ?? undefined, headers, address: peer.remoteAddress }
}

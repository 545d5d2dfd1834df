import type { Hooks, Peer } from 'crossws'
import { PROTOCOL_VERSION, SOCKET_PATH, type HelloMessage, type ServerMessage } from '../protocol.js'
import { decodeClientMessage, DEFAULT_LIMITS } from './decode.js'
import type { AppCore } from '../core.js'
import type { RequestInfo } from '../run/context.js'
import type { Session } from '../session/session.js'
import { closeSession, openSession, refusalMessage, resumeSession } from '../session/sessions.js'
import { guard } from '../session/lifecycle.js'
import { runEvent } from '../run/run.js'
import { clientAddress } from '../http/proxy.js'
import { globalTopic } from '../shared/globals.js'
import { changeApp, replaceApp } from './app-changes.js'

/** The crossws hooks of an app's socket: one per page load of a `<g-app>`. */
export function socketHooks(core: AppCore): Partial<Hooks> {
  return {
    message(peer, message) {
      receive(core, peer, message.rawData)
    },
    close(peer) {
      const session = sessionOf(peer)
      if (!session || session.socket !== peer) return
      closeSession(core, session, peer)
      for (const f of core.closes) void guard(core, `onClose in session ${session.id}`, () => f({ session: { id: session.id } }))
    },
  }
}

// --- internal ---

function receive(core: AppCore, peer: Peer, raw: unknown): void {
  if (typeof raw !== 'string') return reply(peer, { t: 'error', message: 'binary frames are not accepted: send JSON text' })
  const msg = decodeClientMessage(raw, limitsOf(core))
  if ('error' in msg) return reply(peer, msg.e === undefined ? { t: 'error', message: msg.error } : { t: 'error', e: msg.e, message: msg.error })
  const session = sessionOf(peer)?.ended ? undefined : sessionOf(peer)
  if (msg.t === 'ping') {
    if (msg.ack !== undefined) session?.acknowledge(msg.ack)
    return reply(peer, { t: 'pong' })
  }
  if (msg.t === 'hello') return hello(core, peer, msg, session)
  if (!session) return reply(peer, { t: 'error', ...(msg.t === 'event' && { e: msg.id }), message: `'hello' must come before '${msg.t}'` })
  if (msg.t === 'cancel') return session.cancel(msg.listeners)
  if (msg.t === 'add' || msg.t === 'remove') return changeApp(session, msg, limitsOf(core), raw.length)
  if (msg.ack !== undefined) session.acknowledge(msg.ack)
  if (session.accept(msg.id)) session.enqueue((control) => runEvent(session, msg, control), msg.id)
}

function hello(core: AppCore, peer: Peer, msg: HelloMessage, current: Session | undefined): void {
  if (current) return reply(peer, { t: 'error', message: `'hello' was already sent on this socket` })
  if (msg.v !== PROTOCOL_VERSION) {
    return reply(peer, { t: 'error', message: `this server speaks protocol ${PROTOCOL_VERSION}, the page ${msg.v}: load kit.js from this server` })
  }
  if (core.closing) {
    reply(peer, { t: 'error', message: 'the app is shutting down' })
    return peer.close(1001, 'shutting down')
  }
  const send = (text: string) => peer.send(text)
  const disconnect = () => peer.close(4000, 'session ended')
  const resumed = msg.resume === undefined ? undefined : resumeSession(core, msg.resume, peer, send, disconnect)
  let session = resumed
  const request = requestInfo(core, peer)
  if (!session) {
    try {
      session = openSession(core, msg.graph, request, peer, send, disconnect)
    } catch (error) {
      return reply(peer, { t: 'error', message: `the page's app cannot be read: ${(error as Error).message}` })
    }
  }
  if (!session) {
    reply(peer, { t: 'error', code: 'full', message: refusalMessage(core, request.address, peer) })
    return peer.close(1013, 'server full')
  }
  peer.context.session = session
  if (resumed) replaceApp(session, msg.graph, limitsOf(core))
  session.post({
    t: 'welcome',
    session: session.id,
    resume: session.resumeToken,
    resumed: resumed !== undefined,
    ...(msg.resume !== undefined && !resumed && { expired: true as const }),
    problems: resumed ? [] : session.graph.messages,
  })
  session.flush()
  session.deliverHeld()
  for (const name of session.graph.heard) peer.subscribe(globalTopic(name))
  // Notices sent while the page was away, or into a connection that had died unnoticed, are lost:
  // a resumed page hears every global it shows, and reads them again.
  if (resumed && session.graph.heard.size) reply(peer, { t: 'changed', names: [...session.graph.heard] })
  for (const f of core.opens) void guard(core, `onOpen in session ${session.id}`, () => f({ session: { id: session.id } }))
}

/** The decoder's limits for an app, made once. */
const limits = new WeakMap<AppCore, typeof DEFAULT_LIMITS>()
function limitsOf(core: AppCore): typeof DEFAULT_LIMITS {
  let found = limits.get(core)
  if (!found) limits.set(core, (found = { ...DEFAULT_LIMITS, maxFrame: core.options.maxFrame }))
  return found
}

function sessionOf(peer: Peer): Session | undefined {
  return peer.context.session as Session | undefined
}

function reply(peer: Peer, message: ServerMessage): void {
  peer.send(JSON.stringify([message]))
}

function requestInfo(core: AppCore, peer: Peer): RequestInfo {
  const headers = peer.request?.headers ?? new Headers()
  // The app's base path (sealed browser state is bound to it): the socket's path without `g/ws`.
  const path = URL.parse(peer.request?.url ?? '')?.pathname
  const base = path?.endsWith(SOCKET_PATH) ? path.slice(0, -SOCKET_PATH.length) : path
  return { origin: headers.get('origin') ?? undefined, headers, address: clientAddress(core.options.trustProxy, peer.remoteAddress, headers), base }
}

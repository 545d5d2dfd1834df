import type { Hooks, Peer } from 'crossws'
import { PROTOCOL_VERSION, SOCKET_PATH, type ClientMessage, type HelloMessage } from '../protocol.js'
import { decodeClientMessage, DEFAULT_LIMITS, type DecodeFailure } from './decode.js'
import type { AppCore } from '../core.js'
import type { RequestInfo } from '../run/context.js'
import type { Session } from '../session/session.js'
import { closeSession, openSession, refusalMessage, resumeSession } from '../session/sessions.js'
import { guard } from '../session/lifecycle.js'
import { runEvent } from '../run/run.js'
import { clientAddress } from '../http/proxy.js'
import { globalTopic } from '../shared/globals.js'
import { changeApp, replaceApp } from './app-changes.js'
import { helloShared, recordAttached, recordClosed } from '../multi/sessions.js'
import { forgetShared, runShared } from '../multi/events.js'
import { replyTo, sendOrClose } from './send.js'
import { FramesBeforeWelcome } from './before-welcome.js'

/** The crossws hooks of an app's socket: one per page load of a `<g-app>`. */
export function socketHooks(core: AppCore): Partial<Hooks> {
  return {
    message(peer, message) {
      handle(core, peer, message.rawData)
    },
    close(peer) {
      peer.context.gone = true
      socketClosed(core, peer)
    },
  }
}

function socketClosed(core: AppCore, peer: Peer): void {
  const session = sessionOf(peer)
  if (!session || session.socket !== peer) return
  const now = Date.now()
  closeSession(core, session, peer, now)
  if (core.shared) {
    core.shared.leases.release(session.id)
    core.shared.track(recordClosed(core, core.shared, session, now))
  }
  for (const f of core.closes) void guard(core, `onClose in session ${session.id}`, () => f({ session: { id: session.id } }))
}

// --- internal ---

/** Takes one frame; whatever it makes go wrong is logged and answered, and the server goes on. */
function handle(core: AppCore, peer: Peer, raw: unknown): void {
  try {
    receive(core, peer, raw)
  } catch (error) {
    core.log.error('[g-kit] a frame could not be handled:', error)
    replyTo(peer, { t: 'error', message: 'the server could not handle this frame (details are in its log)' }, core)
  }
}

function receive(core: AppCore, peer: Peer, raw: unknown): void {
  if (typeof raw !== 'string') return replyTo(peer, { t: 'error', message: 'binary frames are not accepted: send JSON text' }, core)
  // Frames that come while a hello is looked up in a shared store wait for it.
  const waiting = peer.context.waiting as FramesBeforeWelcome | undefined
  if (waiting) {
    const refused = waiting.hold(raw, core.options)
    if (refused !== undefined) replyTo(peer, { t: 'error', ...eventOf(decodeClientMessage(raw, limitsOf(core))), message: refused }, core)
    return
  }
  const msg = decodeClientMessage(raw, limitsOf(core))
  if ('error' in msg) return replyTo(peer, { t: 'error', ...eventOf(msg), message: msg.error }, core)
  const session = sessionOf(peer)?.ended ? undefined : sessionOf(peer)
  if (msg.t === 'ping') {
    if (msg.ack !== undefined && session) acknowledge(core, session, msg.ack)
    return replyTo(peer, { t: 'pong' }, core)
  }
  if (msg.t === 'hello') return hello(core, peer, msg, session)
  if (!session) return replyTo(peer, { t: 'error', ...(msg.t === 'event' && { e: msg.id }), message: `'hello' must come before '${msg.t}'` }, core)
  if (msg.t === 'cancel') return session.cancel(msg.listeners)
  if (msg.t === 'add' || msg.t === 'remove') return changeApp(session, msg, limitsOf(core), raw.length)
  const { shared } = core
  if (shared && msg.ack !== undefined) forgetShared(session, msg.ack)
  if (!session.accept(msg.id, msg.ack)) return
  if (shared) session.enqueue((control) => runShared(core, shared, session, msg, control), msg.id, raw)
  else session.enqueue((control) => runEvent(session, msg, control), msg.id, raw)
}

function acknowledge(core: AppCore, session: Session, ack: number): void {
  session.acknowledge(ack)
  if (core.shared) forgetShared(session, ack)
}

function hello(core: AppCore, peer: Peer, msg: HelloMessage, current: Session | undefined): void {
  if (current) return replyTo(peer, { t: 'error', message: `'hello' was already sent on this socket` }, core)
  if (msg.v !== PROTOCOL_VERSION) {
    return replyTo(peer, { t: 'error', message: `this server speaks protocol ${PROTOCOL_VERSION}, the page ${msg.v}: load kit.js from this server` }, core)
  }
  if (core.closing) {
    replyTo(peer, { t: 'error', message: 'the app is shutting down' }, core)
    return peer.close(1001, 'shutting down')
  }
  const send = (text: string) => sendOrClose(peer, text, core)
  const disconnect = () => peer.close(4000, 'session ended')
  const { shared } = core
  if (!shared) return greet(core, peer, msg, msg.resume === undefined ? undefined : resumeSession(core, msg.resume, peer, send, disconnect), send, disconnect)
  // On a shared store the session may live on another instance: its record is read first (or a new one counted across instances).
  const waiting = (peer.context.waiting = new FramesBeforeWelcome())
  const request = requestInfo(core, peer)
  shared.ready
    .then(() => helloShared(core, shared, msg, request, peer, send, disconnect))
    .then(
      (resumed) => {
        greet(core, peer, msg, resumed, send, disconnect)
        if (peer.context.gone) socketClosed(core, peer) // it closed while the record was read
      },
      (error: unknown) => {
        core.log.error('[g-kit] the shared store could not be reached for a hello:', error)
        replyTo(peer, { t: 'error', message: 'the server cannot reach its session store: try again in a moment' }, core)
        peer.close(1011, 'session store unavailable')
      },
    )
    .catch((error: unknown) => core.log.error('[g-kit] a hello could not be answered:', error))
    .finally(() => {
      peer.context.waiting = undefined
      for (const raw of waiting.frames) handle(core, peer, raw)
    })
}

/** Opens a session for the page unless `resumed`, and welcomes it. */
function greet(core: AppCore, peer: Peer, msg: HelloMessage, resumed: Session | undefined, send: (text: string) => void, disconnect: () => void): void {
  let session = resumed
  const request = requestInfo(core, peer)
  if (!session) {
    try {
      session = openSession(core, msg.graph, request, peer, send, disconnect)
    } catch (error) {
      return replyTo(peer, { t: 'error', message: `the page's app cannot be read: ${(error as Error).message}` }, core)
    }
  }
  if (!session) {
    replyTo(peer, { t: 'error', code: 'full', message: refusalMessage(core, request.address, peer) }, core)
    return peer.close(1013, 'server full')
  }
  peer.context.session = session
  if (core.shared && !resumed) recordAttached(core.shared, session, core.options.closedTtl)
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
  if (resumed && session.graph.heard.size) replyTo(peer, { t: 'changed', names: [...session.graph.heard] }, core)
  for (const f of core.opens) void guard(core, `onOpen in session ${session.id}`, () => f({ session: { id: session.id } }))
}

/** The decoder's limits for an app, made once. */
const limits = new WeakMap<AppCore, typeof DEFAULT_LIMITS>()
function limitsOf(core: AppCore): typeof DEFAULT_LIMITS {
  let found = limits.get(core)
  if (!found) limits.set(core, (found = { ...DEFAULT_LIMITS, maxFrame: core.options.maxFrame, maxAppSize: core.options.maxAppSize }))
  return found
}

/** The event id a frame (decoded, or not) carries, to name it in an error. */
function eventOf(msg: ClientMessage | DecodeFailure): { e?: number } {
  if ('error' in msg) return msg.e === undefined ? {} : { e: msg.e }
  return msg.t === 'event' ? { e: msg.id } : {}
}

function sessionOf(peer: Peer): Session | undefined {
  return peer.context.session as Session | undefined
}

function requestInfo(core: AppCore, peer: Peer): RequestInfo {
  const headers = peer.request?.headers ?? new Headers()
  // The app's base path (sealed browser state is bound to it): the socket's path without `g/ws`.
  const path = URL.parse(peer.request?.url ?? '')?.pathname
  const base = path?.endsWith(SOCKET_PATH) ? path.slice(0, -SOCKET_PATH.length) : path
  return { origin: headers.get('origin') ?? undefined, headers, address: clientAddress(core.options.trustProxy, peer.remoteAddress, headers), base }
}

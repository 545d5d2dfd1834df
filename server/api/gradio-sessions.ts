import type { AppCore } from '../core.js'
import type { RequestInfo } from '../run/context.js'
import type { Session } from '../session/session.js'
import { endSession } from '../session/lifecycle.js'
import { openApiSession, type PendingCall } from './calls.js'

/** How many Gradio sessions an app keeps at most (never more than `maxSessions`). */
export const MAX_GRADIO_SESSIONS = 1000
/** Seconds a Gradio session is kept after its last use (never more than `closedTtl`). */
export const GRADIO_TTL = 300
/** Events one Gradio session may have queued or running. */
export const MAX_GRADIO_EVENTS = 32
/** Messages kept for a client whose event stream is not open, before a generator's intermediate ones give way. */
const MAX_WAITING = 256
/** Seconds between heartbeats on an open event stream. */
const HEARTBEAT = 15

/** What a Gradio event stream writes to: one message, or the end. */
export interface GradioStream {
  send(message: Record<string, unknown>): void
  close(): void
  /** Bytes sent and not yet taken by the client. */
  backlog(): number
}

/**
 * A session of Gradio's client, under the `session_hash` the client chose. Its g-kit session is
 * made by the server (with an id of its own), and these are kept in a map of their own: a client's
 * hash never names a page's session, nor an HTTP API one.
 */
export interface GradioSession {
  hash: string
  session: Session
  usedAt: number
  /** Events queued or running, by event id. */
  events: Map<string, PendingCall>
  /** Messages waiting for the client's event stream to open. */
  outbox: Array<Record<string, unknown>>
  /** Bytes of JSON the outbox holds. */
  outboxBytes: number
  stream?: GradioStream
  heartbeat?: ReturnType<typeof setInterval>
}

/** The Gradio session of `hash`, made (from the defaults) when there is none; a string says why none can be made. */
export function gradioSession(core: AppCore, hash: string, request: RequestInfo): GradioSession | string {
  const sessions = sweepGradio(core)
  const known = sessions.get(hash)
  if (known && !known.session.ended) return touch(sessions, known)
  if (!known && sessions.size >= Math.min(MAX_GRADIO_SESSIONS, core.options.maxSessions)) {
    const victim = victimOf(sessions)
    if (!victim) return 'queue full'
    forget(core, victim)
  }
  const session = openApiSession(core, request)
  if (!session) return 'server full'
  // A client whose session ended starts again from the defaults, keeping its stream and what waits for it.
  if (known) return touch(sessions, Object.assign(known, { session }))
  const made: GradioSession = { hash, session, usedAt: Date.now(), events: new Map(), outbox: [], outboxBytes: 0 }
  sessions.set(hash, made)
  return made
}

/** The Gradio session of `hash`, if there is one: an ended one too, while what it sent waits for the client. */
export function knownGradioSession(core: AppCore, hash: string): GradioSession | undefined {
  const found = sweepGradio(core).get(hash)
  return found ? touch(all(core), found) : undefined
}

/** Marks a session used now (its ttl of disuse starts again). */
export function markUsed(core: AppCore, gradio: GradioSession): void {
  if (all(core).get(gradio.hash) === gradio) touch(all(core), gradio)
}

/** Sends a message to the client's event stream, or keeps it until the stream opens. */
export function post(gradio: GradioSession, message: Record<string, unknown>): void {
  if (gradio.stream) return gradio.stream.send(message)
  // Past a bound, a generator's steps (each holds every output whole), progress and notices wait only as the latest of their kind.
  if (gradio.outbox.length >= MAX_WAITING && ['process_generating', 'progress', 'log'].includes(String(message.msg))) {
    const older = gradio.outbox.findIndex((m) => m.msg === message.msg && m.event_id === message.event_id)
    if (older >= 0) gradio.outboxBytes -= jsonBytes(gradio.outbox.splice(older, 1)[0])
    else if (message.msg !== 'process_generating') return
  }
  gradio.outbox.push(message)
  gradio.outboxBytes += jsonBytes(message)
}

/** Bytes of messages sent to the client and not yet read: waiting for its stream, or in the stream unread. */
export function undelivered(gradio: GradioSession): number {
  return gradio.outboxBytes + (gradio.stream?.backlog() ?? 0)
}

/** Attaches the client's event stream (replacing any other): what waited is sent, and the stream closes when no event is left. */
export function attachStream(gradio: GradioSession, stream: GradioStream): void {
  detachStream(gradio)
  gradio.stream = stream
  gradio.outboxBytes = 0
  for (const message of gradio.outbox.splice(0)) stream.send(message)
  gradio.heartbeat = setInterval(() => stream.send({ msg: 'heartbeat' }), HEARTBEAT * 1000)
  gradio.heartbeat.unref()
  closeIfIdle(gradio)
}

/** The stream went away (the client closed it): messages wait for the next one. */
export function detachStream(gradio: GradioSession, stream?: GradioStream): void {
  if (stream && gradio.stream !== stream) return
  clearInterval(gradio.heartbeat)
  gradio.stream?.close()
  gradio.stream = undefined
}

/**
 * Tells the client, when no event is left, that the stream is done (`close_stream`): Gradio's client
 * opens a new one with its next event, and waits for ever on one that was left open.
 */
export function closeIfIdle(gradio: GradioSession): void {
  if (gradio.events.size || !gradio.stream) return
  gradio.stream.send({ msg: 'close_stream', event_id: null })
  detachStream(gradio)
}

// --- internal ---

const registry = new WeakMap<AppCore, { sessions: Map<string, GradioSession>; sweeper?: ReturnType<typeof setInterval> }>()

function all(core: AppCore): Map<string, GradioSession> {
  let entry = registry.get(core)
  if (!entry) registry.set(core, (entry = { sessions: new Map() }))
  return entry.sessions
}

/** Marks a session used now: the map is kept in order of last use, oldest first. */
function touch(sessions: Map<string, GradioSession>, gradio: GradioSession): GradioSession {
  gradio.usedAt = Date.now()
  sessions.delete(gradio.hash)
  sessions.set(gradio.hash, gradio)
  return gradio
}

/** Ends the sessions unused for longer than their ttl (those with events waiting are kept); returns the map. */
function sweepGradio(core: AppCore, now = Date.now()): Map<string, GradioSession> {
  all(core)
  const entry = registry.get(core)!
  const ttl = Math.min(GRADIO_TTL, core.options.closedTtl) * 1000
  for (const gradio of entry.sessions.values()) {
    const idle = now - gradio.usedAt
    if (idle < ttl && !gradio.session.ended) break
    // Results not yet sent wait for the client's stream a while longer, even once their session has ended.
    const undelivered = gradio.outbox.length > 0 && idle < 2 * ttl
    if (gradio.events.size === 0 && !undelivered) forget(core, gradio)
  }
  if (entry.sessions.size && !entry.sweeper) {
    entry.sweeper = setInterval(() => void sweepGradio(core), Math.max(1000, ttl / 4))
    entry.sweeper.unref()
  } else if (!entry.sessions.size && entry.sweeper) {
    clearInterval(entry.sweeper)
    entry.sweeper = undefined
  }
  return entry.sessions
}

/**
 * The session to give up for a new one, among those with no event waiting: one whose g-kit session
 * has ended, else the one unused the longest of the client (address) holding the most, so that a
 * client making sessions without end evicts its own, not everyone else's.
 */
function victimOf(sessions: Map<string, GradioSession>): GradioSession | undefined {
  const idle = [...sessions.values()].filter((s) => s.events.size === 0)
  const ended = idle.find((s) => s.session.ended)
  if (ended) return ended
  const held = new Map<string | undefined, number>()
  for (const { session } of sessions.values()) held.set(session.request.address, (held.get(session.request.address) ?? 0) + 1)
  const most = (s: GradioSession) => held.get(s.session.request.address)!
  return idle.reduce<GradioSession | undefined>((victim, s) => (!victim || most(s) > most(victim) ? s : victim), undefined)
}

function jsonBytes(message: unknown): number {
  return Buffer.byteLength(JSON.stringify(message))
}

function forget(core: AppCore, gradio: GradioSession): void {
  all(core).delete(gradio.hash)
  detachStream(gradio)
  void endSession(core, gradio.session)
}

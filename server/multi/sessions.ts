import { createHash, randomBytes, randomInt } from 'node:crypto'
import type { AppGraph, HelloMessage } from '../protocol.js'
import type { AppCore } from '../core.js'
import type { RequestInfo } from '../run/context.js'
import type { SessionRecordFields } from '../store/types.js'
import type { SharedMode } from './mode.js'
import { Session, type SendFrame } from '../session/session.js'
import { splitToken } from '../session/token.js'
import { holdLease } from '../store/lease.js'
import { dropLocal } from './local.js'
import { stateWritten } from '../session/lifecycle.js'

/** Marks, in a record's deadlines, which socket was attached last (a name no state can have): a late close of an older one changes nothing. */
const ATTACHED = '#attached'
/** How long the record of an open session lasts unless written again: its page's return is covered by `closedTtl` once closed. */
const OPEN_TTL_MS = 7 * 24 * 3600 * 1000

/** The socket mark each session's record holds from this instance (sessions are many and idle: a small integer each, kept unboxed). */
const attachedMarks = new WeakMap<Session, number>()
/** Record writes in flight, by session: its events wait for them. */
const writing = new WeakMap<Session, Promise<unknown>>()

/**
 * Writes the record of a session just opened or resumed here: any instance can resume it now. The
 * session's events wait for this write (see {@link recordWriting}).
 */
export function recordAttached(shared: SharedMode, session: Session, closedTtl: number, secretHash = hashSecret(session.resumeToken)): void {
  const attached = randomInt(2 ** 30)
  const fields = recordFields(session, secretHash, attached)
  attachedMarks.set(session, attached)
  const write = holdLease(shared.store, session.id, recordOwner(shared), shared.leaseMs, async () => {
    await shared.store.unschedule('closed', session.id)
    await shared.store.putRecord(fields, Math.max(OPEN_TTL_MS, closedTtl * 2000))
    await shared.store.keepLive([session.id], Date.now() + liveMs(shared))
  })
  writing.set(session, write)
  write.then(
    () => writing.get(session) === write && writing.delete(session),
    (error: unknown) => {
      // No instance could resume it, and its events would wait on this write for ever: the page is let go,
      // and its reconnect writes the record again (or starts anew).
      if (writing.get(session) === write) writing.delete(session)
      session.core.log.error(`[g-kit] session ${session.id}: its record could not be written to the shared store:`, error)
      dropLocal(session.core, session).catch((cause: unknown) => session.core.log.error(`[g-kit] session ${session.id}: could not be let go:`, cause))
    },
  )
}

/** Whether `session` has a record in the shared store (a page's session; an API call's has none and lives in its process). */
export function hasRecord(session: Session): boolean {
  return attachedMarks.has(session)
}

/** The session's record write in flight, if any (rejects if it could not be written): its events wait for it only then. */
export function recordWriting(session: Session): Promise<unknown> | undefined {
  return writing.get(session)
}

/**
 * The page's socket closed here: unless another socket of the page was attached since (here or on
 * another instance), the record says so and the session is scheduled to end `closedTtl` from now.
 */
export async function recordClosed(core: AppCore, shared: SharedMode, session: Session, now: number): Promise<void> {
  const attached = attachedMarks.get(session)
  if (attached === undefined) return
  await recordWriting(session)?.catch(() => {})
  const { store, leaseMs } = shared
  const ttl = core.options.closedTtl * 1000
  await holdLease(store, session.id, recordOwner(shared), leaseMs, async () => {
    const record = await store.getRecord(session.id)
    if (!record || record.deadlines[ATTACHED] !== attached) return
    await store.putRecord({ ...recordFields(session, record.secretHash, attached), closedAt: now }, ttl + leaseMs)
    await store.schedule('closed', session.id, now + ttl)
    await store.keepLive([session.id], now + ttl + leaseMs)
  })
}

/**
 * Resumes a session from its record, for a page whose resume token names a session this instance
 * may not have (or has an older copy of): its graph is built again from the page's, its last event
 * id and kept results taken from the record. Undefined when the record is gone or the token is not its.
 */
export async function resumeShared(
  core: AppCore,
  shared: SharedMode,
  token: string,
  graph: AppGraph,
  request: RequestInfo,
  socket: object,
  send: SendFrame,
  disconnect: () => void,
): Promise<Session | undefined> {
  const parts = splitToken(token)
  if (!parts) return undefined
  const { id } = parts
  const record = await shared.store.getRecord(id)
  const secretHash = hashSecret(token)
  if (!record || record.secretHash !== secretHash) return undefined
  let session = core.sessions.get(id)
  if (session && !session.owns(parts.secret)) return undefined
  if (session?.ended) session = undefined
  if (session) {
    session.attach(socket, send, disconnect)
    core.sessions.reopened(session)
  } else {
    session = new Session(core, graph, request, { id, secret: parts.secret })
    session.attach(socket, send, disconnect)
    core.sessions.set(id, session)
    // The instance that ran it keeps its `ttl` timers: here they start at the move (a reset may come late, never not at all).
    for (const name of session.graph.ttls.keys()) stateWritten(core, session, name)
  }
  session.adopt(record.lastEvent, record.kept)
  shared.leases.release(id) // a lease kept from an earlier socket here: its states may be older than the record's
  recordAttached(shared, session, core.options.closedTtl, secretHash)
  await recordWriting(session)?.catch((error: unknown) => {
    dropLocal(core, session)
    throw error
  })
  return session
}

/**
 * Answers a hello on a shared store: the session its resume token names, resumed here (see
 * {@link resumeShared}); or else, as a new session will be opened, a place for it among the
 * app's `maxSessions` counted across instances: its id is taken now and counted in the store,
 * and the socket's context carries it (`identity`) to `openSession`, or says there is no room (`full`).
 * A place taken for a session that is not opened after all counts until {@link liveMs} has passed.
 */
export async function helloShared(
  core: AppCore,
  shared: SharedMode,
  msg: HelloMessage,
  request: RequestInfo,
  socket: { context: Record<string, unknown> },
  send: SendFrame,
  disconnect: () => void,
): Promise<Session | undefined> {
  if (msg.resume !== undefined) {
    const resumed = await resumeShared(core, shared, msg.resume, msg.graph, request, socket, send, disconnect)
    if (resumed) return resumed
  }
  const identity = { id: randomBytes(16).toString('base64url'), secret: randomBytes(16).toString('base64url') }
  const now = Date.now()
  if (await shared.store.admit(identity.id, core.options.maxSessions, now, now + liveMs(shared))) socket.context.identity = identity
  else socket.context.full = true
  return undefined
}

/**
 * Keeps counting, across instances, the sessions whose page is connected here: every
 * {@link heartbeatMs}, each is counted for {@link liveMs} more. A session of an instance that died
 * stops counting that long after (unless its page resumes it elsewhere).
 */
export function heartbeat(core: AppCore, shared: SharedMode): Promise<void> {
  const ids: string[] = []
  for (const session of core.sessions.values()) if (session.socket && hasRecord(session)) ids.push(session.id)
  const until = Date.now() + liveMs(shared)
  const writes: Promise<void>[] = []
  for (let i = 0; i < ids.length; i += HEARTBEAT_BATCH) writes.push(shared.store.keepLive(ids.slice(i, i + HEARTBEAT_BATCH), until))
  return Promise.all(writes).then(() => {})
}

/** How often an instance says its open sessions are live: once a lease's time. */
export function heartbeatMs(shared: Pick<SharedMode, 'leaseMs'>): number {
  return shared.leaseMs
}

/** The owner of the leases taken to write records: not the instance's events' own, so that one never releases the other's. */
export function recordOwner(shared: SharedMode): string {
  return `${shared.instance}/record`
}

// --- internal ---

/** Sessions counted live per command of a heartbeat. */
const HEARTBEAT_BATCH = 1000

/** How long an open session counts without a heartbeat: three of them, so that one late or lost does not matter. */
function liveMs(shared: Pick<SharedMode, 'leaseMs'>): number {
  return 3 * heartbeatMs(shared)
}

function recordFields(session: Session, secretHash: string, attached: number): SessionRecordFields {
  return { id: session.id, secretHash, spec: '', deadlines: { [ATTACHED]: attached } }
}

/** The hash of a resume token (its id and secret) kept in the record: the secret itself is never stored. */
function hashSecret(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/**
 * The page's app is alive: elements join and leave it at any time, and a resumed page sends its
 * whole app again. Each change waits its turn in the session's queue, so an event that runs keeps
 * the graph it started with, and an event the page sent after a change runs with it.
 */
import type { Peer } from 'crossws'
import type { AddMessage, AppGraph, RemoveMessage } from '../protocol.js'
import type { Session } from '../session/session.js'
import { pageGraph, type Graph } from '../run/graph.js'
import { appTooLarge, withAdded, withRemoved, type AppLimits } from '../run/graph-changes.js'
import { globalTopic } from '../shared/globals.js'

/**
 * Applies an `add` or a `remove` from the page, in turn with its events. Changes waiting their
 * turn are bounded in bytes (as much as two of the largest frames): a page that changes its app
 * faster than its events run is refused the change, with an error, instead of filling memory.
 */
export function changeApp(session: Session, msg: AddMessage | RemoveMessage, limits: AppLimits, size: number): void {
  const waiting = waitingBytes.get(session) ?? 0
  if (waiting + size > 2 * limits.maxFrame) {
    session.post({ t: 'error', message: `the page changed its app faster than the server can follow (${waiting} bytes of changes wait): this change was refused` })
    return session.flush()
  }
  waitingBytes.set(session, waiting + size)
  session.enqueue(async () => {
    waitingBytes.set(session, (waitingBytes.get(session) ?? size) - size)
    const spec = msg.t === 'add' ? withAdded(session.graph.spec, msg.graph) : withRemoved(session.graph.spec, msg.listeners, msg.names)
    await useApp(session, spec, limits, msg.t === 'add')
  })
}

/** Takes the whole app a resumed page declares now (elements may have come and gone while it was away). */
export function replaceApp(session: Session, spec: AppGraph, limits: AppLimits): void {
  session.enqueue(async () => {
    if (JSON.stringify(spec) !== JSON.stringify(session.graph.spec)) await useApp(session, spec, limits, true)
  })
}

// --- internal ---

/** The bytes of the changes each session has waiting in its queue. */
const waitingBytes = new WeakMap<Session, number>()

async function useApp(session: Session, spec: AppGraph, limits: AppLimits, answer: boolean): Promise<void> {
  if (session.ended) return
  const refused = appTooLarge(spec, limits)
  let graph: Graph | undefined
  try {
    graph = refused ? undefined : pageGraph(spec, session.core)
  } catch (error) {
    session.post({ t: 'error', message: `the page's change to its app cannot be read: ${(error as Error).message}` })
    return
  }
  if (!graph) return session.post({ t: 'error', message: refused! })
  const before = session.graph
  session.graph = graph
  const peer = session.socket as Peer | undefined
  const heard: string[] = []
  for (const name of graph.heard) {
    if (before.heard.has(name)) continue
    peer?.subscribe(globalTopic(name))
    heard.push(name)
  }
  for (const name of before.heard) if (!graph.heard.has(name)) peer?.unsubscribe(globalTopic(name))
  await forgetLeftStates(session, before, graph)
  if (answer) session.post({ t: 'added', problems: graph.messages.filter((message) => !before.messages.includes(message)) })
  // A global shown from now on: the page hears it as a resumed page does, and reads it.
  if (heard.length) session.post({ t: 'changed', names: heard })
}

/** A page state whose element left is forgotten, so that one added later starts from its default. */
async function forgetLeftStates(session: Session, before: Graph, graph: Graph): Promise<void> {
  const { core } = session
  const gone = [...before.pageDefaults.keys()].filter((name) => !graph.pageDefaults.has(name) && !core.states.has(name))
  if (!gone.length) return
  for (const name of gone) session.writtenAt.delete(name)
  await core.store.save(session.id, new Map(), gone)
}

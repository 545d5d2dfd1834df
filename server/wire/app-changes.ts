/**
 * The page's app is alive: elements join and leave it at any time, and a resumed page sends its
 * whole app again. Each change waits its turn in the session's queue, so an event that runs keeps
 * the graph it started with, and an event the page sent after a change runs with it.
 */
import type { Peer } from 'crossws'
import type { AddMessage, AppGraph, RemoveMessage } from '../protocol.js'
import type { Session } from '../session/session.js'
import { pageGraph, type Graph } from '../run/graph.js'
import type { GraphOrigin } from '../run/graph-cache.js'
import { appTooLarge, withAdded, withRemoved, type AppLimits } from '../run/graph-changes.js'
import { globalTopic } from '../shared/globals.js'

/**
 * Applies an `add` or a `remove` from the page, in turn with its events. Changes waiting their
 * turn are bounded in bytes (as much as two of the largest frames) and in count (each, however
 * small its frame, costs work in proportion to the whole app): a page that changes its app faster
 * than its events run is refused the change, with an error, instead of filling memory or time.
 */
export function changeApp(session: Session, msg: AddMessage | RemoveMessage, limits: AppLimits, size: number): void {
  const queued = waitingChanges.get(session) ?? []
  const waiting = queued.reduce((bytes, change) => bytes + change.size, 0)
  if (waiting + size > 2 * limits.maxFrame || queued.length >= MAX_WAITING_CHANGES) {
    const what = queued.length >= MAX_WAITING_CHANGES ? `${queued.length} changes wait, the limit` : `${waiting} bytes of changes wait`
    session.post({ t: 'error', message: `the page changed its app faster than the server can follow (${what}): this change was refused` })
    return session.flush()
  }
  // Changes the page sent one after another, with no event between them, compile once (a render
  // that replaces its rows sends a `remove` and an `add`): the first of them to run takes them all.
  queued.push({ msg, size, after: session.lastEvent })
  waitingChanges.set(session, queued)
  session.enqueue(async () => {
    // The frames that came with this one in the same read are queued first.
    await null
    const batch = takeBatch(queued)
    if (!batch.length) return
    let spec = session.graph.spec
    let added = 0
    /** Page states that left in the batch, even if one of that name came back: it starts from its default. */
    const left = new Set<string>()
    for (const { msg: change } of batch) {
      const next = change.t === 'add' ? withAdded(spec, change.graph) : withRemoved(spec, change.listeners, change.names)
      // A remove cannot make the app larger: only the counts are checked (written out whole, a large app costs time).
      const refused = appTooLarge(next, limits, change.t === 'add')
      if (refused) session.post({ t: 'error', message: refused })
      else {
        if (change.t === 'remove') {
          const states = new Set(spec.states.map((state) => state.name))
          for (const name of change.names) if (states.has(name)) left.add(name)
        }
        spec = next
        if (change.t === 'add') added++
      }
    }
    // Each change kept was checked against the limits as it was taken: the app they make is within them.
    if (spec !== session.graph.spec) await useApp(session, spec, 'change', added, left)
  })
}

/** Takes the whole app a resumed page declares now (elements may have come and gone while it was away). */
export function replaceApp(session: Session, spec: AppGraph, limits: AppLimits): void {
  session.enqueue(async () => {
    if (JSON.stringify(spec) === JSON.stringify(session.graph.spec)) return
    const refused = appTooLarge(spec, limits)
    if (refused) return session.post({ t: 'error', message: refused })
    await useApp(session, spec, 'hello', 1)
  })
}

// --- internal ---

/** Changes one session may have waiting: far more than a page's render sends at once. */
const MAX_WAITING_CHANGES = 64

/** A change waiting its turn, and the last event the page had sent before it. */
interface WaitingChange {
  msg: AddMessage | RemoveMessage
  size: number
  after: number
}

/** The changes each session has waiting, in the order the page sent them. */
const waitingChanges = new WeakMap<Session, WaitingChange[]>()

/** The first waiting change and those that follow it with no event between them (taken out of `queued`). */
function takeBatch(queued: WaitingChange[]): WaitingChange[] {
  if (!queued.length) return []
  const after = queued[0]!.after
  let count = 0
  while (count < queued.length && queued[count]!.after === after) count++
  return queued.splice(0, count)
}

/** Compiles and takes `spec`; `answers` is how many `add`s it answers (each gets an `added`). */
async function useApp(session: Session, spec: AppGraph, origin: GraphOrigin, answers: number, left: ReadonlySet<string> = new Set()): Promise<void> {
  if (session.ended) return
  let graph: Graph
  try {
    graph = pageGraph(spec, session.core, origin)
  } catch (error) {
    session.post({ t: 'error', message: `the page's change to its app cannot be read: ${(error as Error).message}` })
    return
  }
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
  await forgetLeftStates(session, before, graph, left)
  const said = new Set(before.messages)
  const problems = graph.messages.filter((message) => !said.has(message))
  for (let i = 0; i < answers; i++) session.post({ t: 'added', problems: i === 0 ? problems : [] })
  // A global shown from now on: the page hears it as a resumed page does, and reads it.
  if (heard.length) session.post({ t: 'changed', names: heard })
}

/** A page state whose element left is forgotten, so that one added later starts from its default. */
async function forgetLeftStates(session: Session, before: Graph, graph: Graph, left: ReadonlySet<string>): Promise<void> {
  const { core } = session
  const gone = [...before.pageDefaults.keys()].filter((name) => (left.has(name) || !graph.pageDefaults.has(name)) && !core.states.has(name))
  if (!gone.length) return
  for (const name of gone) session.writtenAt.delete(name)
  await core.store.save(session.id, new Map(), gone)
}

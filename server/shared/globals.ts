import { AsyncLocalStorage } from 'node:async_hooks'
import type { Peer } from 'crossws'
import type { AppCore } from '../core.js'
import type { ServerMessage } from '../protocol.js'
import { copy, equal } from '../run/values.js'
import { withSharedGlobals } from '../multi/globals.js'

/** A global's value, and the lock that makes each read-modify-write atomic. */
export interface GlobalCell {
  value: unknown
  tail: Promise<void>
  /** On a shared store: the revision of `value` there, and whether it was written here since (see `withSharedGlobals`). */
  revision?: number
  dirty?: boolean
}

/** The globals whose locks the running code holds: a handle used inside such a run would wait on itself. */
const held = new AsyncLocalStorage<ReadonlySet<string>>()

/** A global, for server code: read it, write it, or update it atomically. Every change reaches every open page. */
export interface GlobalHandle<T> {
  /** A copy of the current value. */
  get(): T
  /** Writes the value (after any read-modify-write in progress). */
  set(value: T): Promise<void>
  /** Replaces the value with what `f` makes of it, atomically with every other writer; resolves to the new value. */
  update(f: (value: T) => T | Promise<T>): Promise<T>
}

/** The pub/sub topic of a global: one per app (crossws separates apps by their socket's path) and name. */
export function globalTopic(name: string): string {
  return `g-kit:global:${name}`
}

/** Runs `f` holding the locks of `names` (taken in a fixed order, so that two runs never wait on each other). */
export async function withGlobals<T>(core: AppCore, names: readonly string[], f: () => Promise<T>): Promise<T> {
  const holding = held.getStore()
  const reentered = names.find((name) => holding?.has(name))
  if (reentered) {
    throw new Error(
      `[g-kit] global '${reentered}' is locked by the listener now running, which names it as an input or output: ` +
        `return its new value as an output instead of writing it through its handle`,
    )
  }
  const sorted = [...new Set(names)].sort()
  const cells = sorted.map((name) => core.globals.get(name)!)
  const releases: Array<() => void> = []
  for (const cell of cells) {
    const previous = cell.tail
    let release!: () => void
    cell.tail = new Promise<void>((resolve) => (release = resolve))
    releases.push(release)
    await previous
  }
  try {
    const run = () => held.run(new Set([...(holding ?? []), ...names]), f)
    return await (core.shared ? withSharedGlobals(core, core.shared, sorted, run) : run())
  } finally {
    for (const release of releases) release()
  }
}

/**
 * Writes a global (the caller holds its lock). A real change is published
 * to every page subscribed to it, but `via` (the socket publishing, whose session heard it already).
 */
export function writeGlobal(core: AppCore, name: string, value: unknown, via?: Peer): boolean {
  const cell = core.globals.get(name)!
  if (equal(cell.value, value)) return false
  cell.value = copy(value)
  cell.dirty = core.shared !== undefined
  announceGlobal(core, name, via)
  return true
}

/** Tells every page of this instance that shows global `name` that it changed, but `via` (whose session heard it already). */
export function announceGlobal(core: AppCore, name: string, via?: Peer): void {
  publishToPages(core, globalTopic(name), JSON.stringify([{ t: 'changed', names: [name] } satisfies ServerMessage]), via)
}

/**
 * Publishes `text` on `topic` to the pages of this instance that hear it: from `via` (a socket whose
 * page heard it already), or else from some open page's socket, whose page then gets it too.
 */
export function publishToPages(core: AppCore, topic: string, text: string, via?: Peer): void {
  const publisher = via ?? anyPageSocket(core)
  if (!publisher) return
  publisher.publish(topic, text)
  if (!via && publisher.topics.has(topic)) publisher.send(text)
}

/** The server-code handle of a global. */
export function globalHandle<T>(core: AppCore, name: string): GlobalHandle<T> {
  const cell = () => core.globals.get(name)!
  return {
    get: () => copy(cell().value) as T,
    set: (value) => withGlobals(core, [name], async () => void writeGlobal(core, name, value)),
    update: (f) =>
      withGlobals(core, [name], async () => {
        const next = await f(copy(cell().value) as T)
        writeGlobal(core, name, next)
        return next
      }),
  }
}

/** Some open page socket of the app, to publish from when no page's event caused the change (an API call's stand-in socket, marked `page: false`, is none). */
function anyPageSocket(core: AppCore): Peer | undefined {
  for (const { socket } of core.sessions.values()) if (socket && (socket as { page?: boolean }).page !== false) return socket as Peer
  return undefined
}
